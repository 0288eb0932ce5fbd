package dev.lox.agent.check;

import static dev.lox.agent.check.Fixtures.check;
import static dev.lox.agent.check.Fixtures.classFiles;
import static dev.lox.agent.check.Fixtures.ofKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import example.check.Shipping;
import example.check.Uploads;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The dry run on the fixtures of {@code example.check}, annotations and config rules. */
class CheckerTest {
    private static final String UPLOADS = "example.check.Uploads.";

    private static Set<String> methods(List<Finding> findings) {
        return findings.stream().map(f -> (String) f.facts().get("method")).collect(Collectors.toSet());
    }

    @Test
    void aValueReturningParallelMethodIsAProblemWithTheHandleThatScattersIt() {
        List<Finding> found = ofKind(check(classFiles(Uploads.class)), Finding.Kind.RETURNS_VALUE);
        assertEquals(Set.of(UPLOADS + "render(String)"), methods(found));
        Finding render = found.get(0);
        assertTrue(render.problem());
        assertEquals("Uploads.render(String) returns a value, so a plain call runs it synchronously; scatter it with"
                + " Lox.of(uploads::render)", render.message());
        assertTrue(render.origin().matches("example/check/Uploads\\.java:\\d+"), render.origin());
    }

    @Test
    void anOverloadedMethodsHintIsTheCastThatCompiles() {
        List<Finding> found = ofKind(check(classFiles(example.check.Overloads.class)), Finding.Kind.RETURNS_VALUE);
        assertEquals(List.of("Overloads.parse(String) returns a value, so a plain call runs it synchronously; scatter it with"
                + " Lox.of((Fn1<String, Integer>) Overloads::parse) (dev.lox.function.Fn1; the cast picks this overload)"),
                found.stream().map(Finding::message).toList());
    }

    @Test
    void parallelMethodsNoRegionCallsAreProblemsUnlessAHandleScattersThem() {
        List<Finding> found = ofKind(check(classFiles(Uploads.class)), Finding.Kind.UNCALLED);
        Map<String, Boolean> problem = found.stream().collect(Collectors.toMap(f -> (String) f.facts().get("method"), Finding::problem));
        assertEquals(Map.of(UPLOADS + "forgotten(String)", true, UPLOADS + "handled(String)", true,
                UPLOADS + "handledStatic(String)", false), problem);
        Finding handle = found.stream().filter(f -> !f.problem()).findFirst().orElseThrow();
        assertTrue(handle.message().contains("scattered through a handle, Lox.of at example.check.Uploads.viaHandle(Uploads.java:"),
                handle.message());
    }

    private static Finding site(List<Finding> sites, String caller, String callee, String calleeKind) {
        return sites.stream().filter(f -> f.facts().get("caller").equals(UPLOADS + caller) && f.facts().get("callee").equals(UPLOADS + callee)
                && f.facts().get("calleeKind").equals(calleeKind)).findFirst().orElseThrow(() -> new AssertionError(
                        "no " + calleeKind + " call of " + callee + " in " + caller + " among " + sites));
    }

    @Test
    void aRegionsCallSitesAreJudgedByTheAnalysisWithTheirHazards() {
        List<Finding> sites = ofKind(check(classFiles(Uploads.class)), Finding.Kind.CALL_SITE);
        Finding clean = site(sites, "uploadEach(List)", "upload(String)", "parallel");
        assertEquals(List.of(true, List.of(), false), List.of(clean.facts().get("scatters"), clean.facts().get("hazards"), clean.problem()));
        assertTrue(clean.message().matches("gather region Uploads\\.uploadEach\\(List\\): call of Uploads\\.upload\\(String\\) at"
                + " example\\.check\\.Uploads\\.uploadEach\\(Uploads\\.java:\\d+\\): scatters"), clean.message());

        Finding caught = site(sites, "uploadCarefully(List)", "upload(String)", "parallel");
        assertEquals(false, caught.facts().get("scatters"));
        assertTrue(caught.problem());
        assertTrue(((List<?>) caught.facts().get("hazards")).contains("try-catch"), caught.toString());
        assertTrue(caught.message().contains(": runs synchronously: try-catch (it is inside a try block"), caught.message());
    }

    @Test
    void aHazardousCallSaysTheRuleLineThatAcceptsItsHazardsAndWithItScatters() {
        Finding before = site(ofKind(check(classFiles(Uploads.class), "gather example.check.Uploads#uploadCarefully"),
                Finding.Kind.CALL_SITE), "uploadCarefully(List)", "upload(String)", "parallel");
        assertTrue(before.message().endsWith("; to scatter it nonetheless, write the rule gather example.check.Uploads#uploadCarefully"
                + " accept(try-catch,used-after) (in place of lox.conf:1)"), before.message());

        Finding after = site(ofKind(check(classFiles(Uploads.class), "gather example.check.Uploads#uploadCarefully accept(try-catch,used-after)"),
                Finding.Kind.CALL_SITE), "uploadCarefully(List)", "upload(String)", "parallel");
        assertEquals(List.of(true, List.of("try-catch", "used-after")), List.of(after.facts().get("scatters"), after.facts().get("accepted")));
        assertTrue(after.message().endsWith(": scatters, accepting try-catch, used-after"), after.message());
        assertFalse(after.problem());
    }

    @Test
    void gatherAnnotationsAcceptHazardsToo() {
        List<Finding> all = check(classFiles(Uploads.class));
        Finding brave = site(ofKind(all, Finding.Kind.CALL_SITE), "uploadBravely(List)", "upload(String)", "parallel");
        assertEquals(true, brave.facts().get("scatters"), brave.toString());
        assertTrue(ofKind(all, Finding.Kind.BAD_ANNOTATION).stream().anyMatch(f -> f.message().startsWith(
                "@Lox.Gather(accept = \"used-befor\") on example.check.Uploads.uploadBravely(List): unknown hazard")), all.toString());
    }

    @Test
    void aRegionsCallSitesAreFoundInTheMethodsItCalls() {
        List<Finding> sites = ofKind(check(classFiles(Uploads.class)), Finding.Kind.CALL_SITE);
        // the loop and the call sit in a private helper the region calls
        Finding inHelper = site(sites, "helper(String)", "upload(String)", "parallel");
        assertEquals("example/check/Uploads.java:38", inHelper.origin().replaceAll(":\\d+$", ":38"));
        assertEquals(UPLOADS + "uploadAll(List)", inHelper.facts().get("region"));
        assertEquals(true, inHelper.facts().get("scatters"));
        site(sites, "uploadAll(List)", "helper(String)", "scattering-method");

        // render returns a value, so it runs on the region's thread, and its own call of upload is the region's
        Finding render = site(sites, "renderAll()", "render(String)", "returns-value");
        assertTrue(render.problem());
        assertTrue(render.message().endsWith(": runs synchronously: it returns a value (scatter it with Lox.of(uploads::render))"),
                render.message());
        Finding inRender = site(sites, "render(String)", "upload(String)", "parallel");
        assertEquals(List.of("used-after"), inRender.facts().get("hazards")); // render returns item after the call

        Finding reference = site(sites, "uploadAllLater(List)", "uploadLater(String)", "reference");
        assertTrue(reference.problem());
        assertTrue(reference.message().contains("method reference to Uploads.uploadLater(String) at"
                + " example.check.Uploads.uploadAllLater(Uploads.java:"), reference.message());
    }

    /** The agent does not analyse calls in a class it does not rewrite, so it runs them as written: check says the same. */
    @Test
    void aCallInAClassTheAgentDoesNotRewriteRunsAsWritten() {
        List<Finding> sites = ofKind(check(classFiles(example.check.Dispatch.class, example.check.Relay.class)), Finding.Kind.CALL_SITE);
        List<Finding> inRelay = sites.stream().filter(f -> f.facts().get("caller").equals("example.check.Relay.each(Dispatch, List)")).toList();
        assertEquals(1, inRelay.size(), sites::toString);
        Finding relay = inRelay.get(0);
        assertTrue(relay.problem());
        assertEquals(List.of("unanalysed", false), List.of(relay.facts().get("calleeKind"), relay.facts().get("scatters")));
        assertTrue(relay.message().contains("call of Dispatch.send(String) at example.check.Relay.each(Relay.java:"), relay.message());
        assertTrue(relay.message().endsWith(": runs as written: example.check.Relay is a class the agent does not rewrite (no lox"
                + " annotation, and no rule's class pattern matches it), so it does not analyse the call; to scatter it, add a"
                + " gather rule for example.check.Relay#each (its calls then gather when it returns), or accept unanalysed"
                + " (write @Lox.Gather(accept = {\"unanalysed\"}) on sendAll)"), relay.message());

        // A rule that names the class makes the agent rewrite it: the call is judged, and scatters.
        List<Finding> ruled = ofKind(check(classFiles(example.check.Dispatch.class, example.check.Relay.class),
                "thread(2) example.check.Relay#none"), Finding.Kind.CALL_SITE);
        Finding judged = ruled.stream().filter(f -> f.facts().get("caller").equals("example.check.Relay.each(Dispatch, List)"))
                .findFirst().orElseThrow(() -> new AssertionError(ruled.toString()));
        assertEquals(List.of("parallel", true), List.of(judged.facts().get("calleeKind"), judged.facts().get("scatters")), judged.toString());
    }

    @Test
    void aNegativeAnnotationSizeIsAProblemAndTheMethodIsNotParallel() {
        List<Finding> all = check(classFiles(Uploads.class));
        List<Finding> bad = ofKind(all, Finding.Kind.BAD_ANNOTATION).stream()
                .filter(f -> f.facts().get("method").equals(UPLOADS + "negative()")).toList();
        assertEquals(1, bad.size());
        assertTrue(bad.get(0).message().startsWith("@Lox.Thread(-1) on example.check.Uploads.negative()"), bad.get(0).message());
        assertFalse(methods(ofKind(all, Finding.Kind.UNCALLED)).contains(UPLOADS + "negative()"));
    }

    @Test
    void eachRuleListsTheMethodsItMatchesAndARuleWinsOverAnAnnotation() {
        List<Finding> all = check(classFiles(Uploads.class), "thread(0) example.check.Uploads#upload(String)",
                "gather example.check.Uploads#helper");
        List<Finding> matches = ofKind(all, Finding.Kind.MATCH);
        assertEquals(List.of("lox.conf:1: thread(0) example.check.Uploads#upload(String) matches example.check.Uploads.upload(String),"
                        + " overriding @Lox.Thread(4)",
                "lox.conf:2: gather example.check.Uploads#helper matches example.check.Uploads.helper(String)"),
                matches.stream().map(Finding::line).toList());
        assertFalse(matches.get(0).problem());
        // helper is now a region of its own, and the call of upload in it is that region's
        assertTrue(all.stream().anyMatch(f -> f.kind() == Finding.Kind.CALL_SITE && f.origin().equals("lox.conf:2")
                && f.facts().get("callee").equals(UPLOADS + "upload(String)")), all.toString());
    }

    @Test
    void aRuleThatMatchesNoMethodNamesTheCloseOnes() {
        List<Finding> found = ofKind(check(classFiles(Uploads.class), "thread example.check.Uploads#uplaod",
                "thread example.check.Upload#upload", "thread example.other.Uploads#upload"), Finding.Kind.NO_MATCH);
        assertEquals(List.of("lox.conf:1: example.check.Uploads#uplaod matches no method of example.check.Uploads; close: upload(String)",
                "lox.conf:2: thread(50) example.check.Upload#upload matches no class on the class path; check the package and the class name",
                "lox.conf:3: thread(50) example.other.Uploads#upload matches no class on the class path; close: example.check.Uploads"),
                found.stream().map(Finding::line).toList());
        assertTrue(found.stream().allMatch(Finding::problem));
    }

    @Test
    void aSecondParallelRuleForAMethodIsAProblemOncePerPairOfRules() {
        List<Finding> found = ofKind(check(classFiles(Uploads.class), "thread(2) example.check.Uploads#upload*",
                "process(2) example.check.Uploads#*"), Finding.Kind.OVERLAP);
        assertEquals(1, found.size(), found.toString());
        assertEquals("lox.conf:2", found.get(0).origin());
        assertTrue(found.get(0).message().contains("which lox.conf:1 (thread(2) example.check.Uploads#upload*) already makes parallel"));
    }

    @Test
    void aRuleOnAnAbstractMethodHasNoBodyToInstrument() {
        List<Finding> found = ofKind(check(classFiles(Shipping.class), "thread example.check.Shipping$Depot#open"), Finding.Kind.NO_BODY);
        assertEquals(List.of("lox.conf:1: example.check.Shipping$Depot#open matches example.check.Shipping$Depot.open(), which is"
                + " abstract, so there is no body to instrument: name the implementing class's method instead"),
                found.stream().map(Finding::line).toList());
    }

    @Test
    void aProcessMethodsArgumentsAreWalkedFieldByFieldForWhatCannotTravel() {
        List<Finding> found = ofKind(check(classFiles(Shipping.class), "process(2) example.check.Shipping#*"),
                Finding.Kind.CANNOT_TRAVEL);
        assertEquals(List.of(
                "lox.conf:1: process(2) example.check.Shipping.load(Truck): argument 0 (Truck): field Truck.driver"
                        + " -> Driver.radio -> Radio.socket holds java.net.Socket, a socket of this JVM, which cannot travel"
                        + " to a worker JVM: pass what it is built from, or mark the field transient",
                "lox.conf:1: process(2) example.check.Shipping.load(Truck): argument 0 (Truck): field Truck.labeller"
                        + " holds java.util.function.Function, a functional interface that is not Serializable: a lambda in it"
                        + " cannot travel; declare the lambda as (Function & java.io.Serializable), or use a class",
                "lox.conf:1: process(2) example.check.Shipping.load(Truck): argument 0 (Truck): field Truck.shelf"
                        + " holds example.check.Shipping$Shelf, a collection class without a no-argument constructor whose JDK"
                        + " superclass java.util.AbstractList cannot make it, which lox cannot rebuild in the worker: give it a"
                        + " no-argument constructor (it may be private), or extend a JDK collection such as java.util.ArrayList",
                "lox.conf:1: process(2) example.check.Shipping.send(List): argument 0 (List) holds java.net.Socket, a socket"
                        + " of this JVM, which cannot travel to a worker JVM: pass what it is built from"),
                found.stream().map(Finding::line).toList());
        assertEquals(List.of("Truck.driver", "Driver.radio", "Radio.socket"), found.get(0).facts().get("path"));
    }
}
