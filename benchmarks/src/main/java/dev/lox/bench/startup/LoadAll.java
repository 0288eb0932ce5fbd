package dev.lox.bench.startup;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;

/**
 * The start-up benchmark's wide-rule program: loads every class of a jar on its class path (Guava,
 * say, with {@code thread com.google.common.*#*}), without initializing any, so that each passes
 * through the agent's transformer, and prints how many loaded. The count is the same with and
 * without an agent: a class that cannot load (an optional dependency missing) fails the same way
 * in every variant, and is counted apart.
 */
public final class LoadAll {
    private LoadAll() {
    }

    public static void main(String[] args) throws IOException {
        List<String> names = new ArrayList<>();
        try (JarFile jar = new JarFile(new File(args[0]), false)) {
            Enumeration<JarEntry> entries = jar.entries();
            while (entries.hasMoreElements()) {
                String name = entries.nextElement().getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/") && !name.endsWith("module-info.class")
                        && !name.endsWith("package-info.class")) {
                    names.add(name.substring(0, name.length() - ".class".length()).replace('/', '.'));
                }
            }
        }
        ClassLoader loader = LoadAll.class.getClassLoader();
        int loaded = 0;
        int failed = 0;
        for (String name : names) {
            try {
                Class.forName(name, false, loader);
                loaded++;
            } catch (ClassNotFoundException | LinkageError e) {
                failed++;
            }
        }
        System.out.println("loaded " + loaded + " classes, " + failed + " failed");
    }
}
