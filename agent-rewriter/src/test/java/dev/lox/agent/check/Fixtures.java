package dev.lox.agent.check;

import dev.lox.agent.config.ConfigException;
import dev.lox.agent.config.ConfigParser;
import dev.lox.agent.config.ConfigRule;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/** Class files of this module's test fixtures ({@code example.check}), read as check reads them. */
final class Fixtures {
    private Fixtures() {
    }

    /** The class files of these classes and their nested classes. */
    static ClassFiles classFiles(Class<?>... classes) {
        ClassFiles files = new ClassFiles();
        for (Class<?> c : classes) {
            add(files, c);
        }
        return files;
    }

    private static void add(ClassFiles files, Class<?> c) {
        String internal = c.getName().replace('.', '/');
        files.add(internal, bytes(internal), "test-classes");
        for (Class<?> nested : c.getDeclaredClasses()) {
            add(files, nested);
        }
    }

    static byte[] bytes(String internalName) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/" + internalName + ".class")) {
            if (in == null) {
                throw new IllegalArgumentException("no class file for " + internalName);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<ConfigRule> rules(String... lines) {
        try {
            return ConfigParser.parse("lox.conf", Arrays.asList(lines));
        } catch (ConfigException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** The findings of a check of these classes with these config lines. */
    static List<Finding> check(ClassFiles files, String... lines) {
        return new Checker(files, rules(lines)).run().all();
    }

    static List<Finding> ofKind(List<Finding> findings, Finding.Kind kind) {
        return findings.stream().filter(f -> f.kind() == kind).toList();
    }
}
