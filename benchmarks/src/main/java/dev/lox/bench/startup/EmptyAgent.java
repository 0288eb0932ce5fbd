package dev.lox.bench.startup;

import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The reference point of the start-up bar: a {@code -javaagent} that registers a transformer which
 * changes nothing. What it costs over plain {@code java} is what any agent costs (the instrument
 * module, the agent jar, every class passing through a transformer); what lox's agent costs over
 * this is lox's own. benchmarks.jar names it as its {@code Premain-Class}, so
 * {@code -javaagent:benchmarks/target/benchmarks.jar} runs it.
 */
public final class EmptyAgent {
    private EmptyAgent() {
    }

    public static void premain(String args, Instrumentation instrumentation) {
        instrumentation.addTransformer(new ClassFileTransformer() {
            @Override
            public byte[] transform(ClassLoader loader, String className, Class<?> redefined,
                    ProtectionDomain domain, byte[] classfile) {
                return null; // null: the class stays as it is
            }
        });
    }
}
