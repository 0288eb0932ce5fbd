package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;

import dev.lox.spi.MethodRef;
import java.net.URL;
import java.net.URLClassLoader;
import org.junit.jupiter.api.Test;

/** The registry of parallel methods: one pool per method of a class as one loader defined it. */
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
}
