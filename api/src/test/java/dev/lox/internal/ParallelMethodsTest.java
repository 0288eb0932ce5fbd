package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lox.spi.MethodRef;
import java.io.IOException;
import java.io.InputStream;
import java.lang.ref.WeakReference;
import java.net.URL;
import java.net.URLClassLoader;
import java.security.ProtectionDomain;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The registry of parallel methods: one pool per method of a class as one loader defined it. */
@Timeout(60)
class ParallelMethodsTest {
    private static final MethodRef FETCH = new MethodRef("example.Crawler", "fetch", "(Ljava/lang/String;)V", false);

    /** The same class in two loaders is two classes: two ids and two pools (regression: they shared one). */
    @Test
    void sameClassInTwoLoadersGetsTwoMethods() throws Exception {
        try (URLClassLoader a = new URLClassLoader(new URL[0]); URLClassLoader b = new URLClassLoader(new URL[0])) {
            int idA = ParallelMethods.declare(FETCH, PoolSpec.threads(2), "test", a);
            int idB = ParallelMethods.declare(FETCH, PoolSpec.threads(2), "test", b);
            assertNotEquals(idA, idB);
            assertNotSame(ParallelMethods.byId(idA), ParallelMethods.byId(idB));
            assertEquals(idA, ParallelMethods.declare(FETCH, PoolSpec.threads(2), "test", a), "same loader, same id");
        }
    }

    /**
     * Ids are dense and each finds its method past the registry's growth (it doubles its array);
     * an id never returned is refused, not answered with nothing.
     */
    @Test
    void manyDeclarationsKeepTheirIds() throws Exception {
        try (URLClassLoader loader = new URLClassLoader(new URL[0])) {
            int first = -1;
            for (int i = 0; i < 100; i++) {
                MethodRef method = new MethodRef("example.Many", "m" + i, "()V", false);
                int id = ParallelMethods.declare(method, PoolSpec.threads(2), "test", loader);
                if (first < 0) {
                    first = id;
                }
                assertEquals(first + i, id, "ids are handed out one after another");
            }
            for (int i = 0; i < 100; i++) {
                assertEquals("m" + i, ParallelMethods.byId(first + i).method().methodName());
            }
            int next = first + 100;
            org.junit.jupiter.api.Assertions.assertThrows(ArrayIndexOutOfBoundsException.class, () -> ParallelMethods.byId(next));
        }
    }

    /**
     * A class loader whose classes used lox (Lox.of, an explicit pool, a declared method scattered in
     * a region) can be collected once the program drops it (regression: the registry of parallel
     * methods held every such loader forever, through its keys, its methods and their invokers).
     */
    @Test
    void droppedClassLoaderIsCollected() throws Exception {
        WeakReference<ClassLoader> loader = useLoxFromThrowawayLoader();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (loader.get() != null && System.nanoTime() < deadline) {
            System.gc();
        }
        assertNull(loader.get(), "the loader is still reachable 20 s and many GCs after the program dropped it");
    }

    private static WeakReference<ClassLoader> useLoxFromThrowawayLoader() throws Exception {
        ClassLoader throwaway = new FixtureLoader(ParallelMethodsTest.class.getClassLoader());
        Class<?> fixture = Class.forName(LoaderLeakFixture.class.getName(), true, throwaway);
        assertNotSame(LoaderLeakFixture.class, fixture);
        assertEquals(List.of(2, 4, 6), fixture.getMethod("useLox").invoke(null));
        return new WeakReference<>(throwaway);
    }

    /**
     * Defines {@link LoaderLeakFixture} itself and asks its parent for everything else. The class gets
     * a protection domain of its own that names no loader, so that threads the fixture makes a pool
     * start (which capture the protection domains on the stack) do not hold the loader either.
     */
    private static final class FixtureLoader extends ClassLoader {
        FixtureLoader(ClassLoader parent) {
            super("throwaway", parent);
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (!name.equals(LoaderLeakFixture.class.getName())) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                if (loaded != null) {
                    return loaded;
                }
                try (InputStream in = getParent().getResourceAsStream(name.replace('.', '/') + ".class")) {
                    byte[] bytes = in.readAllBytes();
                    return defineClass(name, bytes, 0, bytes.length, new ProtectionDomain(null, null));
                } catch (IOException e) {
                    throw new ClassNotFoundException(name, e);
                }
            }
        }
    }
}
