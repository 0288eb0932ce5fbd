package dev.lox.agent.instrument;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * A throwaway loader that defines the classes under one package itself (so each load passes
 * through the transformers installed now) and leaves everything else, lox included, to its parent.
 */
final class ChildFirstLoader extends ClassLoader {
    private final String prefix;
    private final String hidden;

    ChildFirstLoader(String prefix) {
        this(prefix, null);
    }

    /** A loader that cannot see the classes (and class files) under {@code hidden}, as if their jar were missing. */
    ChildFirstLoader(String prefix, String hidden) {
        super("child-first", ChildFirstLoader.class.getClassLoader());
        this.prefix = prefix;
        this.hidden = hidden;
    }

    @Override
    public java.net.URL getResource(String name) {
        return hidden != null && name.startsWith(hidden.replace('.', '/')) ? null : super.getResource(name);
    }

    @Override
    protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
        if (hidden != null && name.startsWith(hidden)) {
            throw new ClassNotFoundException(name + " (hidden by the test)");
        }
        if (!name.startsWith(prefix)) {
            return super.loadClass(name, resolve);
        }
        synchronized (getClassLoadingLock(name)) {
            Class<?> c = findLoadedClass(name);
            if (c == null) {
                byte[] bytes = classFile(name);
                c = defineClass(name, bytes, 0, bytes.length);
            }
            if (resolve) {
                resolveClass(c);
            }
            return c;
        }
    }

    /** The class file of a test class, as compiled. */
    static byte[] classFile(String name) {
        String resource = name.replace('.', '/') + ".class";
        try (InputStream in = ChildFirstLoader.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no class file " + resource + " on the test class path");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
