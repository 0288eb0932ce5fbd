package dev.lox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.function.Fn1;
import dev.lox.function.Fn2;
import dev.lox.function.VoidFn1;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Lox.of(Parser::parse)} on an overloaded method does not compile: the method reference is
 * inexact, so every {@code of} of a matching arity applies and none is more specific. A typed
 * variable or a cast picks the overload; the README shows both (issue 7, item 6).
 */
@Timeout(60)
class OverloadTest {

    static final class Parser {
        @Lox.Thread(2)
        static int parse(String s) {
            return Integer.parseInt(s);
        }

        @Lox.Thread(2)
        static int parse(String s, int radix) {
            return Integer.parseInt(s, radix);
        }

        static final List<String> LOGGED = new java.util.concurrent.CopyOnWriteArrayList<>();

        @Lox.Thread(2)
        static void log(String line) {
            LOGGED.add(line);
        }

        @Lox.Thread(2)
        static void log(String line, int level) {
            LOGGED.add(level + ":" + line);
        }
    }

    @Test
    void typedVariablePicksTheOverload() {
        Fn1<String, Integer> parse = Parser::parse;
        var handle = Lox.of(parse);
        handle.scatter("42");
        handle.scatter("7");
        assertEquals(List.of(42, 7), handle.gather());

        Fn2<String, Integer, Integer> parseRadix = Parser::parse;
        var radix = Lox.of(parseRadix);
        radix.scatter("ff", 16);
        assertEquals(List.of(255), radix.gather());
    }

    @Test
    void castPicksTheOverload() {
        var handle = Lox.of((Fn1<String, Integer>) Parser::parse);
        handle.scatter("12");
        assertEquals(List.of(12), handle.gather());

        var log = Lox.of((VoidFn1<String>) Parser::log);
        Parser.LOGGED.clear();
        log.scatter("hello");
        assertEquals(1, log.gather().size());
        assertEquals(List.of("hello"), Parser.LOGGED);
    }

    @Test
    void theTwoOverloadsAreTwoParallelMethodsWithTheirOwnHandles() {
        assertFalse(Lox.of((Fn1<String, Integer>) Parser::parse) == (Object) Lox.of((Fn2<String, Integer, Integer>) Parser::parse));
    }

    /** The real ambiguity, compiled: what users write first, and the forms the README gives. */
    @Test
    void plainMethodReferenceToAnOverloadIsAmbiguousAndTheReadmeFormsCompile(@TempDir Path out) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertNotNull(javac, "tests run on a JDK");
        String parser = "class Parser {"
                + " @dev.lox.Lox.Thread(2) static int parse(String s) { return 0; }"
                + " @dev.lox.Lox.Thread(2) static int parse(String s, int radix) { return 0; } }";

        String plain = compile(javac, out, parser + " class Use { void use() { dev.lox.Lox.of(Parser::parse); } }");
        assertTrue(plain.contains("reference to of is ambiguous"), plain);

        String fixed = compile(javac, out, parser + " class Use { void use() {"
                + " dev.lox.function.Fn1<String, Integer> parse = Parser::parse;"
                + " dev.lox.Lox.of(parse);"
                + " dev.lox.Lox.of((dev.lox.function.Fn2<String, Integer, Integer>) Parser::parse); } }");
        assertEquals("", fixed, "the typed variable and the cast compile");
    }

    private static String compile(JavaCompiler javac, Path out, String source) throws Exception {
        Files.createDirectories(out);
        var file = new SimpleJavaFileObject(URI.create("string:///Use.java"), SimpleJavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        StringWriter errors = new StringWriter();
        javac.getTask(errors, null, null,
                List.of("-classpath", System.getProperty("java.class.path"), "-d", out.toString(), "-proc:none"),
                null, List.of(file)).call();
        return errors.toString();
    }
}
