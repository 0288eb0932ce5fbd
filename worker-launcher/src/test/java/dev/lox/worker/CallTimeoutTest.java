package dev.lox.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.CallTimeoutException;
import dev.lox.Lox;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A method's own call timeout, from its handle and from its annotation, through the public handle on
 * real worker JVMs (no agent: the test JVM has the opens flags).
 */
class CallTimeoutTest {
    private static final long BOUND_SECONDS = 60;

    static final class Stuck {
        /** Never returns for {@code x >= 0}: a task caught in a loop. */
        static long spin(long x) {
            while (x >= 0) {
                Thread.onSpinWait();
            }
            return -x;
        }

        @Lox.Process(value = 1, callTimeout = "1s")
        static long spinMarked(long x) {
            return spin(x);
        }
    }

    @Test
    void aHandlesCallTimeoutEndsACallThatNeverReturnsAndTheCallsBehindItRunElsewhere() throws Exception {
        var spin = Lox.process(2).callTimeout(Duration.ofSeconds(1)).of(Stuck::spin);
        CompletableFuture<Long> stuck = spin.scatter(1L);
        CompletableFuture<Long> second = spin.scatter(-2L);
        CompletableFuture<Long> third = spin.scatter(-3L);
        ExecutionException e = assertThrows(ExecutionException.class, () -> stuck.get(BOUND_SECONDS, TimeUnit.SECONDS));
        CallTimeoutException timeout = assertInstanceOf(CallTimeoutException.class, e.getCause());
        assertEquals(Duration.ofSeconds(1), timeout.timeout());
        assertTrue(timeout.elapsed().compareTo(Duration.ofSeconds(1)) >= 0, timeout.elapsed()::toString);
        assertTrue(timeout.getMessage().contains("past the pool's call timeout of 1.0 s")
                && timeout.getMessage().contains("Lox.process(n).callTimeout"), timeout.getMessage());
        assertEquals(2L, second.get(BOUND_SECONDS, TimeUnit.SECONDS), "its own result, wherever it ran");
        assertEquals(3L, third.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertThrows(CallTimeoutException.class, () -> spin.gather(Duration.ofSeconds(BOUND_SECONDS)), "a gather throws it too");
    }

    @Test
    void anAnnotationsCallTimeoutIsItsPools() {
        var spin = Lox.of(Stuck::spinMarked);
        CompletableFuture<Long> stuck = spin.scatter(1L);
        ExecutionException e = assertThrows(ExecutionException.class, () -> stuck.get(BOUND_SECONDS, TimeUnit.SECONDS));
        assertEquals(Duration.ofSeconds(1), assertInstanceOf(CallTimeoutException.class, e.getCause()).timeout());
        assertThrows(CallTimeoutException.class, () -> spin.gather(Duration.ofSeconds(BOUND_SECONDS)));
    }
}
