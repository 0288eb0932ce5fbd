package dev.lox.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.Lox;
import dev.lox.internal.CarriedContext;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Context carried into a worker JVM: the value travels by value and is set on the worker's own
 * copy of the same field for the call only, so the worker keeps nothing between calls.
 */
@Timeout(120)
class ProcessCarryTest {
    static final Duration BOUND = Duration.ofSeconds(60);
    static final ThreadLocal<Object> REQUEST = new ThreadLocal<>();

    static String read(int i) {
        return i + ":" + REQUEST.get() + "@" + ProcessHandle.current().pid();
    }

    static String fail(int i) {
        throw new IllegalStateException("failed with " + REQUEST.get());
    }

    @AfterEach
    void stop() {
        CarriedContext.stopCarrying(REQUEST);
        REQUEST.remove();
    }

    @Test
    void theValueIsSetOnTheWorkersCopyForTheCallOnly() throws Exception {
        CarriedContext.carry(REQUEST, ProcessCarryTest.class.getName() + "#REQUEST");
        var read = Lox.process(1).of(ProcessCarryTest::read);
        var fail = Lox.process(1).of(ProcessCarryTest::fail);
        long parent = ProcessHandle.current().pid();

        REQUEST.set("request-1");
        read.scatter(1);
        String first = read.gather(BOUND).get(0);
        assertTrue(first.startsWith("1:request-1@") && !first.endsWith("@" + parent), first);

        REQUEST.set(List.of("request", 2)); // any value that can travel
        fail.scatter(2);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> fail.gather(BOUND));
        assertEquals("failed with [request, 2]", e.getMessage());

        REQUEST.remove();
        read.scatter(3);
        String after = read.gather(BOUND).get(0);
        assertTrue(after.startsWith("3:null@"), "the worker kept nothing of the earlier calls: " + after);
        assertEquals(first.substring(first.indexOf('@')), after.substring(after.indexOf('@')), "the same worker JVM");
    }

    @Test
    void aCarriedValueThatCannotTravelFailsTheScatterNamingTheField() throws Exception {
        CarriedContext.carry(REQUEST, ProcessCarryTest.class.getName() + "#REQUEST");
        var read = Lox.process(1).of(ProcessCarryTest::read);
        REQUEST.set(Thread.currentThread());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> read.scatter(1));
        assertTrue(e.getMessage().startsWith("the carried dev.lox.worker.ProcessCarryTest#REQUEST (java.lang.Thread) of the call of"
                + " ProcessCarryTest.read cannot be serialized for a worker JVM, so the call was not sent"), e.getMessage());
        assertEquals(List.of(), Arrays.asList(read.gather(BOUND).toArray()), "nothing was scattered");
    }
}
