package dev.lox.agent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MethodPatternTest {

    private static String error(String pattern) {
        return assertThrows(IllegalArgumentException.class, () -> MethodPattern.parse(pattern)).getMessage();
    }

    @Test
    void exactClassAndMethodMatchEveryOverload() {
        MethodPattern p = MethodPattern.parse("com.example.Crawler#fetch");
        assertTrue(p.matchesClass("com.example.Crawler"));
        assertFalse(p.matchesClass("com.example.CrawlerTest"));
        assertFalse(p.matchesClass("com.example.crawl.Crawler"));
        assertTrue(p.matchesMethod("fetch", "(Ljava/lang/String;)V"));
        assertTrue(p.matchesMethod("fetch", "(I)Ljava/util/concurrent/Future;"));
        assertFalse(p.matchesMethod("fetchAll", "()V"));
        assertFalse(p.hasClassWildcard());
    }

    @Test
    void wildcardsInClassAndMethodNames() {
        MethodPattern p = MethodPattern.parse("com.example.*Service#get*");
        assertTrue(p.matchesClass("com.example.UserService"));
        assertTrue(p.matchesClass("com.example.sub.UserService"), "'*' crosses package boundaries");
        assertFalse(p.matchesClass("com.example.UserServiceImpl"));
        assertTrue(p.matchesMethod("get", "()V"));
        assertTrue(p.matchesMethod("getUser", "(J)V"));
        assertFalse(p.matchesMethod("forget", "()V"));
        assertTrue(p.hasClassWildcard());
    }

    @Test
    void starMatchesEverything() {
        MethodPattern p = MethodPattern.parse("*#*");
        assertTrue(p.matchesClass("a.B$C"));
        assertTrue(p.matchesMethod("x", "()V"));
    }

    @Test
    void globBacktracks() {
        assertTrue(MethodPattern.glob("a*b*c", "aXbYbZc"));
        assertTrue(MethodPattern.glob("*ab", "aab"));
        assertFalse(MethodPattern.glob("a*b", "aXc"));
        assertTrue(MethodPattern.glob("a**", "a"));
    }

    @Test
    void nestedClassesUseTheirBinaryName() {
        assertTrue(MethodPattern.parse("com.example.Outer$Inner#run").matchesClass("com.example.Outer$Inner"));
    }

    /** Nested types may also be written as in Java source, Outer.Inner, in the class part and in parameter types. */
    @Test
    void nestedTypesMayBeWrittenWithDots() {
        assertTrue(MethodPattern.parse("com.example.Outer.Inner#run").matchesClass("com.example.Outer$Inner"));
        assertTrue(MethodPattern.parse("com.example.Outer.*#run").matchesClass("com.example.Outer$Inner"));
        assertFalse(MethodPattern.parse("com.example.Outer.Inner#run").matchesClass("com.example.Outer$Other"));
        MethodPattern p = MethodPattern.parse("a.B#m(java.util.Map.Entry, a.B$C[])");
        assertTrue(p.matchesMethod("m", "(Ljava/util/Map$Entry;[La/B$C;)V"));
        assertFalse(p.matchesMethod("m", "(Ljava/util/Map$Entry;[La/B$D;)V"));
        assertTrue(MethodPattern.parse("a.B#m(a.B.C)").matchesMethod("m", "(La/B$C;)V"));
    }

    @Test
    void parameterTypesSelectOneOverload() {
        MethodPattern p = MethodPattern.parse("a.B#m(int, java.util.List, String, byte[], Object...)");
        assertTrue(p.matchesMethod("m", "(ILjava/util/List;Ljava/lang/String;[B[Ljava/lang/Object;)V"));
        assertTrue(p.matchesMethod("m", "(ILjava/util/List;Ljava/lang/String;[B[Ljava/lang/Object;)I"), "any return type");
        assertFalse(p.matchesMethod("m", "(ILjava/util/List;Ljava/lang/String;[B)V"));
    }

    @Test
    void everyPrimitiveAndArraysOfArrays() {
        MethodPattern p = MethodPattern.parse("a.B#m(boolean, byte, char, short, int, long, float, double, int[][])");
        assertTrue(p.matchesMethod("m", "(ZBCSIJFD[[I)V"));
    }

    @Test
    void emptyParenthesesMeanNoParameters() {
        MethodPattern p = MethodPattern.parse("a.B#m()");
        assertTrue(p.matchesMethod("m", "()V"));
        assertFalse(p.matchesMethod("m", "(I)V"));
    }

    /** A type without a package is java.lang's, as in Java source. */
    @Test
    void shortNamesAreJavaLang() {
        assertTrue(MethodPattern.parse("a.B#m(Integer)").matchesMethod("m", "(Ljava/lang/Integer;)V"));
    }

    @Test
    void closeNamesFindTyposAndRelatives() {
        MethodPattern p = MethodPattern.parse("a.B#fecth");
        assertEquals(List.of("fetch"), p.closeNames(List.of("fetch", "close", "main")));
        assertEquals(List.of("fetch", "fetchAll"), MethodPattern.parse("a.B#fetch(int)").closeNames(List.of("fetch", "fetchAll", "run")));
    }

    @Test
    void emptyPattern() {
        assertTrue(error(" ").startsWith("the method pattern is empty"));
    }

    @Test
    void missingHash() {
        assertEquals("missing '#' between class and method in \"a.B.c\": write a.B#c", error("a.B.c"));
        assertEquals("missing '#' between class and method in \"fetch\": write com.example.Crawler#fetch", error("fetch"));
    }

    @Test
    void twoHashes() {
        assertTrue(error("a.B#c#d").startsWith("more than one '#' in \"a.B#c#d\""));
    }

    @Test
    void missingClassOrMethod() {
        assertTrue(error("#run").startsWith("the class name is missing in \"#run\""));
        assertTrue(error("a.B#").startsWith("the method name is missing in \"a.B#\""));
    }

    @Test
    void badClassName() {
        assertTrue(error("a..B#c").startsWith("bad class name \"a..B\""));
        assertTrue(error("a/B#c").startsWith("bad character '/' in the class name \"a/B\""));
        assertTrue(error("a/B#c").endsWith("use '.' between packages, as in com.example.Crawler"));
    }

    @Test
    void badMethodName() {
        assertTrue(error("a.B#<init>").startsWith("bad character '<' in the method name \"<init>\""));
        assertTrue(error("a.B#c.d").startsWith("bad character '.' in the method name \"c.d\""));
    }

    @Test
    void unclosedParameterList() {
        assertEquals("missing ')' in \"a.B#c(int\": close the parameter list, as in a.B#c(java.lang.String)", error("a.B#c(int"));
    }

    @Test
    void textAfterParameterList() {
        assertTrue(error("a.B#c(int)x").startsWith("unexpected \"x\" after ')'"));
    }

    @Test
    void badParameterTypes() {
        assertTrue(error("a.B#c(int,)").startsWith("empty parameter type in \"a.B#c(int,)\""));
        assertTrue(error("a.B#c(*)").startsWith("wildcard in parameter type \"*\""));
        assertTrue(error("a.B#c(java.util.List<String>)").startsWith("generic parameter type"));
        assertTrue(error("a.B#c(1x)").startsWith("bad parameter type \"1x\""));
        assertTrue(error("a.B#c(void)").startsWith("parameter type void"));
    }
}
