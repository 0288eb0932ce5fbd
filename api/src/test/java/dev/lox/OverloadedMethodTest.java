package dev.lox;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.function.Fn1;
import dev.lox.function.VoidFn1;
import java.io.IOException;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The form {@code Lox.of}'s Javadoc gives for an overloaded method: a bare reference is ambiguous
 * (checked by compiling it), a typed variable or a cast names the overload (compiled here and run).
 */
@Timeout(60)
class OverloadedMethodTest {

    /** The overloads the class comment of {@code Lox} uses. */
    static final class Sizes {
        @Lox.Thread(2) static int size(String s) { return s.length(); }
        @Lox.Thread(2) static int size(List<String> list) { return list.size(); }
        @Lox.Thread(2) static void log(String s) { }
        @Lox.Thread(2) static void log(List<String> list) { }
    }

    /** A typed variable or a cast picks the overload; each handle runs its own method. */
    @Test
    void aTypedVariableOrACastNamesTheOverload() {
        Fn1<String, Integer> size = Sizes::size;
        var bySize = Lox.of(size);
        var byList = Lox.of((Fn1<List<String>, Integer>) Sizes::size);
        VoidFn1<String> log = Sizes::log;
        var logs = Lox.of(log);
        bySize.scatter("abc");
        byList.scatter(List.of("a", "b"));
        logs.scatter("x");
        assertEquals(List.of(3), bySize.gather());
        assertEquals(List.of(2), byList.gather());
        assertEquals(Arrays.asList((Void) null), logs.gather());
    }

    /** Without it javac refuses the reference as ambiguous, which is why the Javadoc gives the form. */
    @Test
    void aBareReferenceToAnOverloadedMethodDoesNotCompile(@TempDir Path out) throws IOException {
        String bare = compile(out, "var h = dev.lox.Lox.of(Sizes::size);");
        assertTrue(bare.contains("reference to of is ambiguous"), bare);
        String typed = compile(out, "dev.lox.function.Fn1<String, Integer> f = Sizes::size; var h = dev.lox.Lox.of(f);"
                + " var g = dev.lox.Lox.of((dev.lox.function.Fn1<java.util.List<String>, Integer>) Sizes::size);");
        assertEquals("", typed, "the typed forms compile");
    }

    /** Compiles a class holding Sizes and {@code statements}; returns javac's errors, "" if none. */
    private static String compile(Path out, String statements) throws IOException {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertFalse(javac == null, "the tests run on a JDK");
        String source = "class Use {\n"
                + "  static final class Sizes {\n"
                + "    static int size(String s) { return s.length(); }\n"
                + "    static int size(java.util.List<String> l) { return l.size(); }\n"
                + "  }\n"
                + "  void use() { " + statements + " }\n"
                + "}\n";
        JavaFileObject file = new SimpleJavaFileObject(URI.create("string:///Use.java"), JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        List<String> options = List.of("-d", Files.createDirectories(out).toString(),
                "-classpath", System.getProperty("java.class.path"), "-proc:none");
        javac.getTask(new StringWriter(), null, diagnostics, options, null, List.of(file)).call();
        StringBuilder errors = new StringBuilder();
        diagnostics.getDiagnostics().stream()
                .filter(d -> d.getKind() == javax.tools.Diagnostic.Kind.ERROR)
                .forEach(d -> errors.append(d.getMessage(Locale.ROOT)).append('\n'));
        return errors.toString();
    }
}
