package dev.lox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.lox.internal.CarriedContext;
import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.MDC;

/**
 * Context carried into calls: set for the call, never kept by the pool thread after it (even when
 * the call throws), never mixed between two requests, and a null carried as "none".
 *
 * <p>A pool of one thread, and one method that either reads the field or sets it: with the field
 * not carried (after {@link CarriedContext#stopCarrying}) a call sees exactly what the pool thread
 * itself holds, which is how the tests look for leaks.
 */
@Timeout(30)
class CarriedContextTest {
    static final ThreadLocal<String> REQUEST = new ThreadLocal<>();
    static final ThreadLocal<String> UNCARRIED = new ThreadLocal<>();

    static String act(String op) {
        switch (op) {
            case "read":
                return REQUEST.get();
            case "throw":
                throw new IllegalStateException("failed with " + REQUEST.get());
            case "mdc":
                return MDC.get("request");
            case "clear":
                REQUEST.remove();
                return op;
            default: // "set:X": the pool thread's own value, set while the field is not carried
                REQUEST.set(op.substring(4));
                return op;
        }
    }

    private static final Handle1<String, String> ON_ONE_THREAD = Lox.thread(1).of(CarriedContextTest::act);
    private static final Handle1<String, String> INLINE = Lox.thread(0).of(CarriedContextTest::act);

    @BeforeEach
    void poolThreadHoldsNothing() {
        CarriedContext.stopCarrying(REQUEST);
        onPoolThread("clear");
    }

    @AfterEach
    void clear() {
        CarriedContext.stopCarrying(REQUEST);
        CarriedContext.stopCarryingMdc();
        REQUEST.remove();
        MDC.clear();
    }

    private static String onPoolThread(String op) {
        ON_ONE_THREAD.scatter(op);
        return ON_ONE_THREAD.gather().get(0);
    }

    /** What the pool thread holds by itself: read with the field not carried. */
    private static String poolThreadOwnValue() {
        CarriedContext.stopCarrying(REQUEST);
        return onPoolThread("read");
    }

    @Test
    void theScatteringThreadsValueIsSetForTheCall() {
        CarriedContext.carry(REQUEST, "CarriedContextTest#REQUEST");
        REQUEST.set("request-1");
        assertEquals("request-1", onPoolThread("read"));
        assertEquals("request-1", REQUEST.get(), "the caller keeps its own value");
    }

    @Test
    void thePoolThreadKeepsNoValueAfterTheCall() {
        CarriedContext.carry(REQUEST, "CarriedContextTest#REQUEST");
        REQUEST.set("request-1");
        assertEquals("request-1", onPoolThread("read"));
        assertNull(poolThreadOwnValue());
    }

    @Test
    void thePoolThreadKeepsNoValueAfterACallThatThrows() {
        CarriedContext.carry(REQUEST, "CarriedContextTest#REQUEST");
        REQUEST.set("request-2");
        ON_ONE_THREAD.scatter("throw");
        IllegalStateException e = assertThrows(IllegalStateException.class, ON_ONE_THREAD::gather);
        assertEquals("failed with request-2", e.getMessage());
        assertNull(poolThreadOwnValue());
    }

    @Test
    void aNullCarriedValueIsNoneForTheCallAndThePoolThreadsOwnComesBack() {
        assertEquals("set:own", onPoolThread("set:own")); // not carried yet: the pool thread's own value
        CarriedContext.carry(REQUEST, "CarriedContextTest#REQUEST");
        assertNull(REQUEST.get());
        assertNull(onPoolThread("read"), "the caller had no value, so the call has none");
        assertEquals("own", poolThreadOwnValue(), "the pool thread's own value is put back");
        CarriedContext.carry(REQUEST, "CarriedContextTest#REQUEST");
        REQUEST.set("request-3");
        assertEquals("request-3", onPoolThread("read"));
        assertEquals("own", poolThreadOwnValue());
    }

    @Test
    void anInlineCallLeavesTheCallersValueAsItWas() {
        CarriedContext.carry(REQUEST, "CarriedContextTest#REQUEST");
        REQUEST.set("caller");
        INLINE.scatter("set:changed-by-the-call");
        INLINE.gather();
        assertEquals("caller", REQUEST.get(), "as on a pool thread, the call's change stays in the call");
    }

    @Test
    void aFieldThatIsNotCarriedIsNotSet() {
        CarriedContext.carry(REQUEST, "CarriedContextTest#REQUEST");
        UNCARRIED.set("x");
        var h = Lox.thread(1).of((Integer i) -> UNCARRIED.get());
        h.scatter(1);
        assertNull(h.gather().get(0));
        UNCARRIED.remove();
    }

    /** Two requests, each on its own thread, scatter in lockstep to one pool of two threads. */
    @Test
    void twoInterleavedRequestsNeverMix() throws Exception {
        CarriedContext.carry(REQUEST, "CarriedContextTest#REQUEST");
        int calls = 400;
        CyclicBarrier step = new CyclicBarrier(2);
        Requests a = new Requests();
        Requests b = new Requests();
        List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> requests = new ArrayList<>();
        for (Requests r : List.of(a, b)) {
            String id = r == a ? "A" : "B";
            Thread t = new Thread(() -> {
                try {
                    REQUEST.set(id);
                    Handle1<Integer, String> served = Lox.thread(2).of(r::served);
                    for (int i = 0; i < calls; i++) {
                        served.scatter(i);
                        if (i % 10 == 0) {
                            step.await(10, TimeUnit.SECONDS); // keep the two requests' calls interleaved in the pool
                        }
                    }
                    List<String> seen = served.gather();
                    for (int i = 0; i < calls; i++) {
                        assertEquals(id + "/" + id, seen.get(i), "call " + i + " of request " + id);
                    }
                    assertEquals(id, REQUEST.get());
                } catch (Throwable e) {
                    failures.add(e);
                    step.reset();
                }
            }, "request-" + id);
            requests.add(t);
            t.start();
        }
        for (Thread t : requests) {
            t.join(TimeUnit.SECONDS.toMillis(20));
            assertEquals(Thread.State.TERMINATED, t.getState(), t.getName() + " did not finish");
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.get(0));
        }
    }

    static final class Requests {
        String served(int i) {
            String before = REQUEST.get();
            Thread.yield(); // give the other pool thread a chance to run the other request's call meanwhile
            return before + "/" + REQUEST.get();
        }
    }

    @Test
    void mdcIsCarriedWhenAskedFor() {
        MDC.put("request", "r-7");
        assertNull(onPoolThread("mdc"), "not carried until asked for");
        CarriedContext.carryMdc("test");
        assertEquals("r-7", onPoolThread("mdc"));
        assertEquals(Map.of("request", "r-7"), MDC.getCopyOfContextMap(), "the caller's MDC is as it was");
        MDC.clear();
        assertNull(onPoolThread("mdc"), "an empty MDC is carried as none");
        MDC.put("request", "r-8");
        ON_ONE_THREAD.scatter("throw");
        assertThrows(IllegalStateException.class, ON_ONE_THREAD::gather);
        CarriedContext.stopCarryingMdc();
        MDC.clear();
        assertNull(onPoolThread("mdc"), "the pool thread keeps no MDC after its call");
    }

    /** Without SLF4J on the class path, carry mdc says so once, and calls run as before. */
    @Test
    void carryMdcWithoutSlf4jSaysSoOnceAndCallsRun() throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        StringBuilder classPath = new StringBuilder();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (!entry.contains("slf4j") && !entry.contains("logback")) {
                classPath.append(classPath.length() == 0 ? "" : File.pathSeparator).append(entry);
            }
        }
        Process p = new ProcessBuilder(javaCommand, "-cp", classPath.toString(), NoSlf4jMain.class.getName()).start();
        assertEquals(true, p.waitFor(30, TimeUnit.SECONDS), "the JVM without SLF4J did not end");
        String out = new String(p.getInputStream().readAllBytes()).strip();
        String err = new String(p.getErrorStream().readAllBytes()).strip();
        assertEquals(0, p.exitValue(), out + err);
        assertEquals("[r-1, r-1, r-1]", out, err);
        assertEquals("lox: carry mdc (test.conf:1): SLF4J's org.slf4j.MDC is not on the class path, so no MDC is carried into calls;"
                + " add SLF4J to the application, or remove the rule", err);
    }

    /** The program {@link #carryMdcWithoutSlf4jSaysSoOnceAndCallsRun} runs. */
    public static final class NoSlf4jMain {
        public static void main(String[] args) {
            CarriedContext.carryMdc("test.conf:1");
            CarriedContext.carry(REQUEST, "CarriedContextTest#REQUEST");
            REQUEST.set("r-1");
            var read = Lox.thread(2).of((Integer i) -> REQUEST.get());
            for (int round = 0; round < 2; round++) {
                for (int i = 0; i < 3; i++) {
                    read.scatter(i);
                }
                List<String> seen = read.gather();
                if (round == 1) {
                    System.out.println(seen);
                }
            }
        }
    }
}
