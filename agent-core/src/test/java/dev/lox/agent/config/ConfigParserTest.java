package dev.lox.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.internal.PoolSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigParserTest {

    private static List<ConfigRule> parse(String... lines) throws ConfigException {
        return ConfigParser.parse("lox.conf", List.of(lines));
    }

    /** The one error a single bad line gives. */
    private static String error(String line) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("# first line", line));
        assertEquals(1, e.errors().size(), e.errors()::toString);
        return e.errors().get(0);
    }

    /** Every kind, with and without a count, and their defaults. */
    @Test
    void parsesEveryKindWithItsDefaults() throws ConfigException {
        List<ConfigRule> rules = parse(
                "thread(8)  com.example.Crawler#fetch(java.lang.String)",
                "thread     com.example.Crawler#parse",
                "process(4) com.example.images.Resizer#resize",
                "process    com.example.images.Resizer#thumb",
                "gather     com.example.images.Resizer#resizeAll",
                "thread(0)  com.example.Debug#run");
        assertEquals(6, rules.size());
        assertEquals(PoolSpec.threads(8), rules.get(0).poolSpec());
        assertEquals(PoolSpec.threads(50), rules.get(1).poolSpec());
        assertEquals(PoolSpec.processes(4), rules.get(2).poolSpec());
        assertEquals(PoolSpec.processes(Runtime.getRuntime().availableProcessors()), rules.get(3).poolSpec());
        assertEquals(ConfigRule.Kind.GATHER, rules.get(4).kind());
        assertEquals(PoolSpec.threads(0), rules.get(5).poolSpec());
    }

    /** virtual is a virtual thread per call with no bound; virtual(N) bounds the calls in flight. */
    @Test
    void parsesVirtualRules() throws ConfigException {
        List<ConfigRule> rules = parse("virtual com.example.Crawler#get", "virtual(200) com.example.Crawler#head",
                "virtual(0) com.example.Debug#run");
        assertEquals(PoolSpec.virtual(PoolSpec.UNBOUNDED), rules.get(0).poolSpec());
        assertEquals(PoolSpec.virtual(200), rules.get(1).poolSpec());
        assertEquals(PoolSpec.virtual(0), rules.get(2).poolSpec());
        assertEquals("virtual com.example.Crawler#get (lox.conf:1)", rules.get(0).toString());
        assertEquals("virtual(200) com.example.Crawler#head (lox.conf:2)", rules.get(1).toString());
        assertTrue(error("virtual(-3) a.B#c").startsWith("lox.conf:2: bad count \"-3\" in virtual(-3): "));
    }

    /** Rules know their line, counting comments and blank lines. */
    @Test
    void rulesKnowTheirFileAndLine() throws ConfigException {
        List<ConfigRule> rules = parse("# comment", "", "   ", "gather a.B#c");
        assertEquals("lox.conf:4", rules.get(0).origin());
    }

    /** '#' starts a comment at the start of a line or after whitespace, never inside a pattern. */
    @Test
    void commentsStartAtHashAfterWhitespace() throws ConfigException {
        List<ConfigRule> rules = parse("#thread(8) a.B#c", "  # indented", "thread(2) a.B#c   # trailing #comment");
        assertEquals(1, rules.size());
        assertEquals("a.B#c", rules.get(0).pattern().toString());
    }

    /** A parameter list may hold spaces after commas. */
    @Test
    void parameterListsMayHoldSpaces() throws ConfigException {
        assertEquals("a.B#c(int, String)", parse("thread a.B#c(int, String)").get(0).pattern().toString());
    }

    /** An empty file has no rules. */
    @Test
    void anEmptyFileHasNoRules() throws ConfigException {
        assertEquals(List.of(), parse());
    }

    @Test
    void unknownKind() {
        assertEquals("lox.conf:2: unknown kind \"thred(8)\": write thread, thread(N), virtual, virtual(N), process, process(N), cluster, cluster(N), gather or carry",
                error("thred(8) a.B#c"));
    }

    @Test
    void missingKind() {
        assertEquals("lox.conf:2: missing kind before \"a.B#c\": start the line with thread, thread(N), virtual, virtual(N),"
                + " process, process(N), cluster, cluster(N), gather or carry, as in thread(8) a.B#c", error("a.B#c"));
    }

    @Test
    void badCountNotANumber() {
        assertEquals("lox.conf:2: bad count \"x\" in thread(x): write a whole number, 0 or more, as in thread(8)"
                + " (0 runs calls in the caller), or thread alone for the default", error("thread(x) a.B#c"));
    }

    @Test
    void badCountNegative() {
        assertTrue(error("process(-1) a.B#c").startsWith("lox.conf:2: bad count \"-1\" in process(-1): "));
    }

    @Test
    void badCountEmpty() {
        assertTrue(error("thread() a.B#c").startsWith("lox.conf:2: bad count \"\" in thread(): "));
    }

    @Test
    void badCountTooLarge() {
        assertTrue(error("thread(99999999999) a.B#c").startsWith("lox.conf:2: bad count \"99999999999\""));
    }

    @Test
    void countWithoutClosingParenthesis() {
        assertEquals("lox.conf:2: missing ')' in \"thread(8\": write thread(N), as in thread(8)", error("thread(8 a.B#c"));
    }

    @Test
    void spaceBetweenKindAndCount() {
        assertEquals("lox.conf:2: space between \"thread\" and its count: write thread(8)", error("thread (8) a.B#c"));
    }

    @Test
    void gatherTakesNoCount() {
        assertEquals("lox.conf:2: gather takes no count, found \"gather(2)\": write gather", error("gather(2) a.B#c"));
    }

    @Test
    void missingPattern() {
        assertEquals("lox.conf:2: thread(8) needs a method pattern after it, as in thread(8) com.example.Crawler#fetch",
                error("thread(8)"));
    }

    @Test
    void missingHashSuggestsTheFix() {
        assertEquals("lox.conf:2: missing '#' between class and method in \"com.example.Crawler.fetch(int)\":"
                + " write com.example.Crawler#fetch(int)", error("thread com.example.Crawler.fetch(int)"));
    }

    @Test
    void textAfterThePattern() {
        assertEquals("lox.conf:2: unexpected \"b.C#d\" after the pattern \"a.B#c\": a rule may end with accept(...) or,"
                + " for a process or cluster rule, callTimeout(...); write one rule a line, and start comments with ' #'",
                error("thread a.B#c b.C#d"));
    }

    @Test
    void aProcessRuleTakesACallTimeoutBeforeOrAfterItsAcceptedHazards() throws ConfigException {
        List<ConfigRule> rules = parse(
                "process(2) com.example.Render#tile callTimeout(30s)",
                "process    com.example.Render#row(int)  accept(used-after)  callTimeout( PT2M )",
                "process(1) com.example.Render#page callTimeout(none) accept(try-catch, used-after)",
                "process(1) com.example.Render#cover");
        assertEquals(PoolSpec.processes(2).withCallTimeout(java.time.Duration.ofSeconds(30)), rules.get(0).poolSpec());
        assertEquals(java.time.Duration.ofMinutes(2), rules.get(1).poolSpec().callTimeout());
        assertEquals(java.util.Set.of(dev.lox.agent.config.Hazard.USED_AFTER), rules.get(1).accept());
        assertEquals(java.time.Duration.ZERO, rules.get(2).poolSpec().callTimeout());
        assertEquals(2, rules.get(2).accept().size());
        assertEquals(null, rules.get(3).poolSpec().callTimeout(), "no timeout written: the pool's default");
        assertEquals("process(2) com.example.Render#tile callTimeout(30s)", rules.get(0).lineAccepting(java.util.Set.of()));
    }

    @Test
    void aClusterRuleTakesACallTimeout() throws ConfigException {
        List<ConfigRule> rules = parse(
                "cluster(8) com.x.Y#m callTimeout(30s)",
                "cluster    com.x.Y#n accept(used-after) callTimeout(none)");
        assertEquals(PoolSpec.cluster(8).withCallTimeout(java.time.Duration.ofSeconds(30)), rules.get(0).poolSpec());
        assertEquals(PoolSpec.cluster(PoolSpec.DEFAULT_CLUSTER_CALLS).withCallTimeout(java.time.Duration.ZERO), rules.get(1).poolSpec());
        assertEquals("cluster(8) com.x.Y#m callTimeout(30s)", rules.get(0).lineAccepting(java.util.Set.of()));
    }

    @Test
    void aCallTimeoutIsForProcessRulesAndADuration() {
        assertEquals("lox.conf:2: callTimeout(30s) is for process and cluster rules, and this is a thread(4) rule: a call on"
                + " a thread cannot be stopped; remove it, or make the rule process(N)", error("thread(4) a.B#c callTimeout(30s)"));
        assertTrue(error("virtual a.B#c callTimeout(30s)").contains("is for process and cluster rules, and this is a virtual rule"));
        assertEquals("lox.conf:2: callTimeout(ten) must be a duration such as 500ms, 30s, 10m, 2h or PT45S (or 0 or none"
                + " for no limit), was 'ten'", error("process a.B#c callTimeout(ten)"));
        assertTrue(error("process a.B#c callTimeout").startsWith("lox.conf:2: bad \"callTimeout\": write callTimeout(...)"),
                error("process a.B#c callTimeout"));
    }

    @Test
    void badPatternIsReportedWithItsLine() {
        assertTrue(error("thread a.B#c(").startsWith("lox.conf:2: missing ')' in \"a.B#c(\""));
    }

    /** Every error of the file is reported, in order, not just the first. */
    @Test
    void reportsEveryErrorOfTheFile() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(
                "thread(8) a.B#c", "thred a.B#c", "gather a.B#c", "process(x) a.B#c", "gather a.B.c"));
        assertEquals(3, e.errors().size(), e.errors()::toString);
        assertTrue(e.errors().get(0).startsWith("lox.conf:2: unknown kind"));
        assertTrue(e.errors().get(1).startsWith("lox.conf:4: bad count"));
        assertTrue(e.errors().get(2).startsWith("lox.conf:5: missing '#'"));
    }

    @Test
    void readsAFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("my.conf");
        Files.writeString(file, "# windows line ends\r\nthread(3) a.B#c\r\n\r\ngather a.B#d");
        List<ConfigRule> rules = ConfigParser.parse(file.toFile(), "conf/my.conf");
        assertEquals(2, rules.size());
        assertEquals("conf/my.conf:2", rules.get(0).origin());
        assertEquals("a.B#c", rules.get(0).pattern().toString());
        assertEquals("conf/my.conf:4", rules.get(1).origin());
    }

    @Test
    void aFolderIsNotAConfigFile(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(dir.toFile(), "conf"));
        assertTrue(e.errors().get(0).startsWith("conf: no such config file"), e.errors()::toString);
    }

    @Test
    void aMissingFileIsAConfigError(@TempDir Path dir) {
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigParser.parse(dir.resolve("no.conf").toFile(), "no.conf"));
        assertTrue(e.errors().get(0).startsWith("no.conf: no such config file (looked in "), e.errors()::toString);
    }

    /** A UTF-8 byte order mark (Notepad writes one) is not part of the first line. */
    @Test
    void aByteOrderMarkIsNotPartOfTheFirstLine(@TempDir Path dir) throws Exception {
        Path commented = dir.resolve("commented.conf");
        Files.writeString(commented, "\uFEFF# saved by Notepad\r\nthread(3) a.B#c\r\n");
        List<ConfigRule> rules = ConfigParser.parse(commented.toFile(), "commented.conf");
        assertEquals(1, rules.size());
        assertEquals("commented.conf:2", rules.get(0).origin());
        Path ruleFirst = dir.resolve("rule-first.conf");
        Files.writeString(ruleFirst, "\uFEFFthread(3) a.B#c\n");
        assertEquals(PoolSpec.threads(3), ConfigParser.parse(ruleFirst.toFile(), "rule-first.conf").get(0).poolSpec());
    }

    /** carry: a static ThreadLocal field by class and name, or SLF4J's MDC. */
    @Test
    void parsesCarryRules() throws ConfigException {
        List<ConfigRule> rules = parse(
                "carry com.example.RequestContext#CURRENT",
                "carry   mdc      # SLF4J",
                "carry com.example.Outer.Inner#USER");
        assertEquals(ConfigRule.Kind.CARRY, rules.get(0).kind());
        assertTrue(rules.get(0).pattern().matchesClass("com.example.RequestContext"));
        assertEquals("CURRENT", rules.get(0).pattern().methodGlob());
        assertEquals(ConfigRule.Kind.CARRY_MDC, rules.get(1).kind());
        assertEquals("lox.conf:2", rules.get(1).origin());
        assertTrue(rules.get(2).pattern().matchesClass("com.example.Outer$Inner"));
        for (ConfigRule rule : rules) {
            assertTrue(rule.isCarry() && !rule.isParallel(), rule::toString);
        }
    }

    @Test
    void badCarryRulesSayWhatToWrite() {
        assertEquals("lox.conf:2: carry needs what to carry after it: a static ThreadLocal field, as in"
                + " carry com.example.RequestContext#CURRENT, or mdc for SLF4J's MDC", error("carry"));
        assertEquals("lox.conf:2: carry names a field, not a method: \"com.example.Ctx#get()\" has a parameter list;"
                + " write carry com.example.Ctx#get", error("carry com.example.Ctx#get()"));
        assertEquals("lox.conf:2: missing '#' between class and field in \"com.example.Ctx.CURRENT\": write"
                + " carry com.example.Ctx#CURRENT (or carry mdc for SLF4J's MDC)", error("carry com.example.Ctx.CURRENT"));
        assertEquals("lox.conf:2: carry names one field, without wildcards: \"com.example.*#CURRENT\"; write one line a field,"
                + " as in carry com.example.RequestContext#CURRENT", error("carry com.example.*#CURRENT"));
        assertEquals("lox.conf:2: carry takes no count, found \"carry(2)\": write carry com.example.RequestContext#CURRENT,"
                + " or carry mdc", error("carry(2) mdc"));
        assertTrue(error("carry mdc extra").contains("unexpected \"extra\" after \"mdc\""), error("carry mdc extra"));
    }
}
