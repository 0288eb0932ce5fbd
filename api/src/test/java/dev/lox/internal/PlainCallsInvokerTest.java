package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The invoker of scattered plain calls calls alike in both its stages: by reflection for the first
 * {@link PlainCalls.Invoker#REFLECTIVE_CALLS} calls, then through its method handle. Each property is
 * checked on every call of both stages.
 */
@Timeout(60)
class PlainCallsInvokerTest {
    private static final int CALLS = PlainCalls.Invoker.REFLECTIVE_CALLS + 4;
    private static final IOException CHECKED = new IOException("checked");
    private static final AssertionError ERROR = new AssertionError("error");

    private final String prefix = "p-";

    static String twice(String s, int n) {
        return s.repeat(n);
    }

    String prefixed(String s) {
        return prefix + s;
    }

    static int count(String... parts) {
        return parts.length;
    }

    static void nothing() {
    }

    static void throwsChecked() throws IOException {
        throw CHECKED;
    }

    static void throwsError() {
        throw ERROR;
    }

    static Future<String> later(String s) {
        return CompletableFuture.completedFuture(s + "!");
    }

    private static PlainCalls.Invoker invoker(String name, Class<?>... parameters) throws NoSuchMethodException {
        return PlainCalls.Invoker.of(PlainCallsInvokerTest.class.getDeclaredMethod(name, parameters));
    }

    @Test
    void staticMethodGetsItsArgumentsAndReturnsItsResult() throws Exception {
        PlainCalls.Invoker invoker = invoker("twice", String.class, int.class);
        for (int i = 0; i < CALLS; i++) {
            assertEquals("ab".repeat(i), invoker.invoke(new Object[] {"ab", i}), "call " + i);
        }
    }

    @Test
    void instanceMethodTakesItsReceiverFirst() throws Exception {
        PlainCalls.Invoker invoker = invoker("prefixed", String.class);
        for (int i = 0; i < CALLS; i++) {
            assertEquals("p-" + i, invoker.invoke(new Object[] {this, String.valueOf(i)}), "call " + i);
        }
    }

    @Test
    void varargsMethodGetsTheArrayAsItsOneArgument() throws Exception {
        PlainCalls.Invoker invoker = invoker("count", String[].class);
        for (int i = 0; i < CALLS; i++) {
            assertEquals(i, invoker.invoke(new Object[] {new String[i]}), "call " + i);
        }
    }

    @Test
    void voidMethodReturnsNull() throws Exception {
        PlainCalls.Invoker invoker = invoker("nothing");
        for (int i = 0; i < CALLS; i++) {
            assertNull(invoker.invoke(new Object[0]), "call " + i);
        }
    }

    @Test
    void whatTheMethodThrowsIsThrownUnwrapped() throws Exception {
        PlainCalls.Invoker checked = invoker("throwsChecked");
        PlainCalls.Invoker error = invoker("throwsError");
        for (int i = 0; i < CALLS; i++) {
            assertSame(CHECKED, assertThrows(IOException.class, () -> checked.invoke(new Object[0])), "call " + i);
            assertSame(ERROR, assertThrows(AssertionError.class, () -> error.invoke(new Object[0])), "call " + i);
        }
    }

    @Test
    void futureReturningMethodIsWaitedFor() throws Exception {
        PlainCalls.Invoker invoker = invoker("later", String.class);
        Object[] results = new Object[CALLS];
        Object[] expected = new Object[CALLS];
        for (int i = 0; i < CALLS; i++) {
            results[i] = invoker.invoke(new Object[] {"x" + i});
            expected[i] = "x" + i + "!";
        }
        assertArrayEquals(expected, results);
    }
}
