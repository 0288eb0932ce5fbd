package dev.lox.worker.internal;

/**
 * What the parent reads a pool's responses with. Kryo loads the classes a message names through one
 * loader; the codec's own (lox's process runtime, whose parent is the application class loader) sees
 * the application's classes in the usual case, but not those of a loader below the application class
 * loader, such as Spring Boot's {@code LaunchedClassLoader}, which holds a fat jar's classes.
 */
final class ResponseLoader {
    private ResponseLoader() {
    }

    /**
     * The loader the parent reads a pool's responses with, for a method whose class {@code application}
     * loaded: null (the codec's own) when the codec's loader sees that loader's classes already (the
     * application class loader, the usual case), else a loader that asks {@code application} first
     * and then the codec's own (which holds lox's types, such as {@link SubstituteException}).
     */
    static ClassLoader of(ClassLoader application) {
        ClassLoader own = ResponseLoader.class.getClassLoader();
        for (ClassLoader l = own; l != null; l = l.getParent()) {
            if (l == application) {
                return null;
            }
        }
        if (application == null || application == ClassLoader.getPlatformClassLoader()) {
            return null;
        }
        return new ClassLoader("lox-responses", application) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                return Class.forName(name, false, own);
            }
        };
    }
}
