package dev.lox.agent.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.agent.analysis.CallSite;
import dev.lox.agent.config.Hazard;
import dev.lox.agent.analysis.MethodKey;
import dev.lox.agent.config.ConfigParser;
import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.AgentLog;
import dev.lox.internal.PoolSpec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A wide rule's per-method sentences are counted and said in one line per rule; verbose keeps each. */
class AgentMessagesTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    private List<String> lines() {
        String text = out.toString(StandardCharsets.UTF_8);
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static MethodFacts method(String owner, String name, String descriptor) {
        return new MethodFacts(owner, 0x0008, name, descriptor, Map.of(), "", false, List.of());
    }

    private AgentMessages messages(boolean verbose, List<ConfigRule> rules) {
        return new AgentMessages(new AgentLog(new PrintStream(out, true, StandardCharsets.UTF_8), verbose), rules);
    }

    /** Three methods of two classes through a wildcard rule: one line at exit, with the counts and how to see each. */
    private static void feed(AgentMessages messages, String origin) {
        PoolSpec pool = PoolSpec.threads(2);
        messages.valueReturning(method("com.example.a.Parse", "size", "()I"), pool, origin, null, false);
        messages.valueReturning(method("com.example.a.Parse", "name", "()Ljava/lang/String;"), pool, origin, null, false);
        messages.parallel(method("com.example.b.Write", "flush", "()V"), pool, origin, null);
        messages.neverInRegion("Write.flush()", origin);
    }

    @Test
    void aWideRuleIsSummedUpInOneLine() throws Exception {
        List<ConfigRule> rules = ConfigParser.parse("lox.conf", List.of("thread(2) com.example.*#*"));
        AgentMessages messages = messages(false, rules);
        feed(messages, "lox.conf:1");
        assertEquals(List.of(), lines(), "nothing per method before exit");
        messages.exit();
        List<String> lines = lines();
        assertEquals(1, lines.size(), lines::toString);
        String line = lines.get(0);
        assertTrue(line.startsWith("lox: lox.conf:1: thread(2) com.example.*#* made 3 methods of 2 classes parallel; "
                + "2 return a value"), line);
        assertTrue(line.contains("1 was never called in a gather region"), line);
        assertTrue(line.contains("add verbose"), line);
    }

    /** A hazardous call site whose only fix is the wide rule's own line is counted; one a gather rule's line fixes is said. */
    @Test
    void hazardousCallsOfAWideRuleAreCountedAndARegionsAreSaid() throws Exception {
        List<ConfigRule> rules = ConfigParser.parse("lox.conf", List.of("thread(2) com.example.*#*", "gather com.example.a.Run#all"));
        AgentMessages messages = messages(false, rules);
        CallSite site = new CallSite("com.example.a.Run", "lambda$all$0", "()V", 12,
                new MethodKey("com.example.b.Write", "flush", "()V"), CallSite.Kind.PARALLEL,
                Set.of(Hazard.TRY_CATCH), Set.of(), 0);
        messages.parallel(method("com.example.b.Write", "flush", "()V"), PoolSpec.threads(2), "lox.conf:1", null);
        messages.hazardous(site, Set.of(Hazard.TRY_CATCH), "thread(2) com.example.*#* accept(try-catch)", "lox.conf:1", true);
        assertEquals(List.of(), lines());
        messages.hazardous(site, Set.of(Hazard.TRY_CATCH), "gather com.example.a.Run#all accept(try-catch)", "lox.conf:2", true);
        assertEquals(1, lines().size(), lines()::toString);
        assertTrue(lines().get(0).startsWith("lox: Run.lambda$all$0:12: the call of Write.flush() runs synchronously"), lines()::toString);
        messages.exit();
        assertTrue(lines().get(1).contains("made 1 method of 1 class parallel; 1 call site of them runs synchronously even in a region"),
                lines()::toString);
    }

    @Test
    void verboseStillSaysEachMethod() throws Exception {
        List<ConfigRule> rules = ConfigParser.parse("lox.conf", List.of("thread(2) com.example.*#*"));
        AgentMessages messages = messages(true, rules);
        feed(messages, "lox.conf:1");
        messages.exit();
        String text = String.join("\n", lines());
        assertTrue(text.contains("lox: Parse.size() returns a value, so a plain call runs it synchronously"), text);
        assertTrue(text.contains("lox: Write.flush() is parallel (lox.conf:1), but no gather region called it"), text);
        assertTrue(text.contains("made 3 methods of 2 classes parallel"), text);
    }

    @Test
    void aRuleNamingOneMethodStillSaysItAtOnce() throws Exception {
        List<ConfigRule> rules = ConfigParser.parse("lox.conf", List.of("thread(2) com.example.a.Parse#size"));
        AgentMessages messages = messages(false, rules);
        messages.valueReturning(method("com.example.a.Parse", "size", "()I"), PoolSpec.threads(2), "lox.conf:1", null, false);
        List<String> lines = lines();
        assertEquals(1, lines.size(), lines::toString);
        assertTrue(lines.get(0).startsWith("lox: Parse.size() returns a value"), lines::toString);
        messages.exit();
        assertEquals(1, lines().size(), "no summary for a rule that names one method");
    }
}
