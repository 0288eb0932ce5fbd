package dev.lox.agent.instrument.bytebuddy;

import dev.lox.agent.bootstrap.CarriedAdvice;
import dev.lox.agent.bootstrap.CarriedFields;
import dev.lox.agent.bootstrap.CarriedOrigins;
import dev.lox.agent.config.ConfigRule;
import dev.lox.agent.instrument.AgentLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.description.annotation.AnnotationDescription;
import net.bytebuddy.description.field.FieldDescription;
import net.bytebuddy.description.type.TypeDescription;
import net.bytebuddy.dynamic.ClassFileLocator;
import net.bytebuddy.dynamic.DynamicType;
import net.bytebuddy.matcher.ElementMatchers;

/**
 * The carried fields of one class being loaded ({@code @Lox.Carried}, {@code carry Class#FIELD}
 * rules), checked from the class file (a static field whose type is a {@code ThreadLocal}), and the
 * advice that hands them to lox-api at the end of the class's static initializer
 * ({@link CarriedAdvice}). A field that cannot be carried is said at class load, as
 * {@code lox.conf:3: ...} for a rule, with the fix; the class is otherwise left as it is.
 */
final class CarriedFieldRewrite {
    static final String CARRIED = "dev.lox.Lox$Carried";

    /** Field name to what marked it, in declaration order. */
    private final Map<String, String> fields;

    private CarriedFieldRewrite(Map<String, String> fields) {
        this.fields = fields;
    }

    /** No carried fields. */
    static CarriedFieldRewrite none() {
        return new CarriedFieldRewrite(Map.of());
    }

    /** Whether the class file names {@code @Lox.Carried} (the pre-filter's test, for this one annotation). */
    static boolean mentionsCarried(byte[] classFile) {
        return indexOf(classFile, "Ldev/lox/Lox$Carried;".getBytes(StandardCharsets.US_ASCII)) >= 0;
    }

    /** The rules that concern methods: every rule but {@code carry}. */
    static List<ConfigRule> methodRules(List<ConfigRule> rules) {
        List<ConfigRule> methods = new ArrayList<>(rules.size());
        for (ConfigRule rule : rules) {
            if (!rule.isCarry()) {
                methods.add(rule);
            }
        }
        return methods;
    }

    /** Finds and checks the carried fields of {@code type}; {@code rules} are those matching its class. */
    static CarriedFieldRewrite of(TypeDescription type, byte[] classFile, List<ConfigRule> rules, AgentLog log) {
        Map<String, String> found = new LinkedHashMap<>();
        for (FieldDescription.InDefinedShape field : type.getDeclaredFields()) {
            for (AnnotationDescription annotation : field.getDeclaredAnnotations()) {
                if (annotation.getAnnotationType().getName().equals(CARRIED)
                        && check(type, field, "@Lox.Carried on " + type.getName() + "#" + field.getName(), log)) {
                    found.put(field.getName(), "@Lox.Carried");
                }
            }
        }
        for (ConfigRule rule : rules) {
            if (rule.kind() != ConfigRule.Kind.CARRY) {
                continue;
            }
            String name = rule.pattern().methodGlob();
            FieldDescription.InDefinedShape field = field(type, name);
            String what = rule.origin() + ": carry " + rule.pattern();
            if (field == null) {
                List<String> names = new ArrayList<>();
                for (FieldDescription.InDefinedShape f : type.getDeclaredFields()) {
                    names.add(f.getName());
                }
                List<String> close = rule.pattern().closeNames(names);
                log.warnOnce(what + ": " + type.getName() + " has no field " + name
                        + (close.isEmpty() ? "" : "; close: " + String.join(", ", close)));
            } else if (check(type, field, what, log) && !found.containsKey(name)) {
                found.put(name, rule.origin());
            }
        }
        if (!found.isEmpty() && !hasTypeInitializer(classFile)) {
            for (Map.Entry<String, String> e : found.entrySet()) {
                log.warnOnce(e.getValue() + ": " + type.getName() + "#" + e.getKey() + " is never initialized (the class has no"
                        + " static initializer), so there is nothing to carry: initialize it in its declaration, as in"
                        + " static final ThreadLocal<...> " + e.getKey() + " = new ThreadLocal<>()");
            }
            found.clear();
        }
        return new CarriedFieldRewrite(found);
    }

    private static FieldDescription.InDefinedShape field(TypeDescription type, String name) {
        for (FieldDescription.InDefinedShape f : type.getDeclaredFields()) {
            if (f.getName().equals(name)) {
                return f;
            }
        }
        return null;
    }

    /** Whether the field can be carried: static, of a ThreadLocal type; says why not, once, otherwise. */
    private static boolean check(TypeDescription type, FieldDescription field, String what, AgentLog log) {
        TypeDescription fieldType = field.getType().asErasure();
        boolean threadLocal;
        try {
            threadLocal = fieldType.isAssignableTo(ThreadLocal.class);
        } catch (RuntimeException e) {
            threadLocal = false; // a field type whose class file the loader cannot find: not a ThreadLocal lox can tell
        }
        if (field.isStatic() && threadLocal) {
            return true;
        }
        log.warnOnce(what + ": " + type.getName() + "#" + field.getName() + " is " + (field.isStatic() ? "a static " : "an instance ")
                + "field of type " + fieldType.getName() + ", not a static ThreadLocal, so it is not carried: lox carries static"
                + " ThreadLocal fields (static final ThreadLocal<...> " + field.getName() + " = new ThreadLocal<>())");
        return false;
    }

    /**
     * Whether the class has a static initializer. Byte Buddy's type pool leaves it out of the
     * declared methods; the class file's constant pool names {@code <clinit>} only if it declares
     * one (no code can call it).
     */
    private static boolean hasTypeInitializer(byte[] classFile) {
        return indexOf(classFile, "<clinit>".getBytes(StandardCharsets.US_ASCII)) >= 0;
    }

    private static int indexOf(byte[] bytes, byte[] wanted) {
        outer:
        for (int i = 0; i <= bytes.length - wanted.length; i++) {
            for (int j = 0; j < wanted.length; j++) {
                if (bytes[i + j] != wanted[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** Whether the class has fields to carry, and so its static initializer gains the advice. */
    boolean any() {
        return !fields.isEmpty();
    }

    /** Appends {@link CarriedAdvice} to the static initializer. */
    DynamicType.Builder<?> apply(DynamicType.Builder<?> builder, ClassFileLocator adviceLocator, AgentLog log, String className) {
        for (Map.Entry<String, String> e : fields.entrySet()) {
            log.verbose("carrying " + className + "#" + e.getKey() + " into scattered calls (" + e.getValue() + ")");
        }
        return builder.visit(Advice.withCustomMapping()
                .bind(CarriedFields.class, String.join(",", fields.keySet()))
                .bind(CarriedOrigins.class, String.join(",", fields.values()))
                .to(TypeDescription.ForLoadedType.of(CarriedAdvice.class), adviceLocator)
                .on(ElementMatchers.isTypeInitializer()));
    }
}
