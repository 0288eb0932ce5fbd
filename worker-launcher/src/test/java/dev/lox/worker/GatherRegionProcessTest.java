package dev.lox.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.lox.internal.GatherRegion;
import dev.lox.internal.ParallelMethods;
import dev.lox.internal.PlainCalls;
import dev.lox.internal.PoolSpec;
import dev.lox.spi.MethodRef;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Plain calls in a gather region reach worker JVMs: this does what the agent's advice does on entry
 * to a {@code @Lox.Process} method returning a future and to a gather method (the agent's own tests
 * cover the instrumentation; this covers what happens after it).
 */
class GatherRegionProcessTest {

    static CompletableFuture<Long> square(long x) {
        return CompletableFuture.completedFuture(x * x * 1000 + ProcessHandle.current().pid() % 1000);
    }

    static void fails(String why) {
        throw new IllegalStateException(why);
    }

    @Test
    void plainCallsInARegionScatterToWorkersAndLeavingGathers() throws Exception {
        int id = ParallelMethods.declare(new MethodRef(getClass().getName(), "square", "(J)Ljava/util/concurrent/CompletableFuture;", true),
                PoolSpec.processes(2), "test rule", getClass().getClassLoader());
        assertNull(PlainCalls.scatterIfInRegion(id, new Object[] {1L}), "outside a region a plain call runs as usual");
        List<CompletableFuture<Object>> calls = new ArrayList<>();
        GatherRegion.enter("test region");
        for (long x = 1; x <= 6; x++) {
            CompletableFuture<Object> f = PlainCalls.scatterIfInRegion(id, new Object[] {x});
            assertNotNull(f, "inside a region a plain call scatters");
            calls.add(f);
        }
        assertNull(GatherRegion.exit(null));
        for (int i = 0; i < calls.size(); i++) {
            long value = (Long) calls.get(i).get(0, TimeUnit.SECONDS); // done: leaving the region gathered
            long x = i + 1;
            assertEquals(x * x, value / 1000, "the worker's Future result is what the call returns");
            assertNotEquals(ProcessHandle.current().pid() % 1000, value % 1000, "it ran in a worker JVM");
        }
    }

    @Test
    void aFailedPlainCallIsThrownWhenTheRegionEnds() {
        int id = ParallelMethods.declare(new MethodRef(getClass().getName(), "fails", "(Ljava/lang/String;)V", true),
                PoolSpec.processes(1), "test rule", getClass().getClassLoader());
        GatherRegion.enter("failing region");
        PlainCalls.scatterIfInRegion(id, new Object[] {"from the worker"});
        Throwable thrown = GatherRegion.exit(null);
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, thrown);
        assertEquals("from the worker", e.getMessage());
    }
}
