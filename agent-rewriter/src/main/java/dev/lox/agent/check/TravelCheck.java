package dev.lox.agent.check;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;
import net.bytebuddy.jar.asm.signature.SignatureReader;
import net.bytebuddy.jar.asm.signature.SignatureVisitor;

/**
 * What cannot travel to a worker JVM, found in the declared types of a process method's receiver,
 * arguments and result, and in their fields, transitively (up to {@link #MAX_DEPTH} fields deep):
 * resources of a JVM (threads, streams, sockets, class loaders: the types the worker launcher's
 * Kryo codec refuses), collections and maps of the class path that the codec cannot rebuild (no
 * no-argument constructor, and no JDK superclass that keeps the elements and has one), and fields of a functional interface that is not {@code Serializable} (a
 * lambda in one cannot travel). Type arguments count ({@code List<Socket>}); static and transient
 * fields do not travel, so they do not count.
 *
 * <p>Only declared types are seen: a field of type {@code Object} may hold anything.
 */
final class TravelCheck {
    static final int MAX_DEPTH = 8;

    /**
     * The types the worker launcher's {@code KryoCodec} refuses to copy, each with how a message
     * names it; {@code TravelCheckTest} keeps this list equal to the codec's.
     */
    static final Map<String, String> RESOURCES = resources();

    private static Map<String, String> resources() {
        Map<String, String> r = new LinkedHashMap<>();
        r.put("java/lang/Thread", "a thread");
        r.put("java/lang/ThreadGroup", "a thread group");
        r.put("java/lang/ClassLoader", "a class loader");
        r.put("java/io/InputStream", "a stream");
        r.put("java/io/OutputStream", "a stream");
        r.put("java/io/Reader", "a stream");
        r.put("java/io/Writer", "a stream");
        r.put("java/nio/channels/Channel", "a channel");
        r.put("java/net/Socket", "a socket");
        r.put("java/net/ServerSocket", "a socket");
        r.put("java/net/DatagramSocket", "a socket");
        r.put("java/lang/Process", "a process");
        r.put("java/lang/ProcessHandle", "a process");
        r.put("java/util/concurrent/ExecutorService", "an executor");
        return r;
    }

    private final Types types;

    TravelCheck(Types types) {
        this.types = types;
    }

    /**
     * One thing that cannot travel: what of the call ({@code argument 0 (Scene)}), the fields that
     * reach it ({@code Scene.log -> Logger.out}; none when it is that value's own type, or a type
     * argument of it), its type, and why.
     */
    record Problem(String what, List<String> path, String type, String reason, boolean declared) {
        String describe() {
            String at = !path.isEmpty() ? what + ": field " + String.join(" -> ", path) + " holds "
                    : declared ? what + " is " : what + " holds ";
            return at + Names.binary(type) + ", " + reason;
        }
    }

    /** Everything of a process method that cannot travel: receiver, arguments, result. */
    List<Problem> check(TypeInfo.MethodInfo method) {
        List<Problem> problems = new ArrayList<>();
        if (!method.isStatic()) {
            walk("the receiver (" + Names.simple(method.owner.name) + ")", Set.of(method.owner.name), problems);
        }
        List<Set<String>> slots = slots(method);
        Type[] parameters = Type.getArgumentTypes(method.descriptor);
        for (int i = 0; i < parameters.length; i++) {
            walk("argument " + i + " (" + Names.simpleType(parameters[i]) + ")", slots.get(i), problems);
        }
        Type result = Type.getReturnType(method.descriptor);
        if (result.getSort() != Type.VOID) {
            walk("the result (" + Names.simpleType(result) + ")", slots.get(parameters.length), problems);
        }
        return problems;
    }

    /** {@code roots}: the declared type first, then the classes of its type arguments. */
    private void walk(String what, Set<String> roots, List<Problem> problems) {
        Set<String> seen = new HashSet<>();
        boolean declared = true;
        for (String root : roots) {
            walk(what, root, new ArrayList<>(), 0, seen, problems, declared);
            declared = false;
        }
    }

    private void walk(String what, String type, List<String> path, int depth, Set<String> seen, List<Problem> problems) {
        walk(what, type, path, depth, seen, problems, false);
    }

    private void walk(String what, String type, List<String> path, int depth, Set<String> seen, List<Problem> problems,
            boolean declared) {
        if (!seen.add(type)) {
            return;
        }
        for (Map.Entry<String, String> resource : RESOURCES.entrySet()) {
            if (types.isSubtype(type, resource.getKey())) {
                problems.add(new Problem(what, List.copyOf(path), type, resource.getValue() + " of this JVM, which cannot travel to"
                        + " a worker JVM: pass what it is built from" + (path.isEmpty() ? "" : ", or mark the field transient"), declared));
                return;
            }
        }
        TypeInfo info = types.type(type);
        if (info == null) {
            return;
        }
        String base = unrebuildableBase(info);
        if (base != null) {
            problems.add(new Problem(what, List.copyOf(path), type, "a collection class without a no-argument constructor"
                    + " whose JDK superclass " + Names.binary(base) + " cannot make it, which lox cannot rebuild in the worker:"
                    + " give it a no-argument constructor (it may be private), or extend a JDK collection such as"
                    + " java.util.ArrayList", declared));
        }
        if (info.isInterface() && isFunctional(info) && !types.isSubtype(type, "java/io/Serializable")) {
            problems.add(new Problem(what, List.copyOf(path), type, "a functional interface that is not Serializable: a lambda"
                    + " in it cannot travel; declare the lambda as (" + Names.simple(type) + " & java.io.Serializable), or use a class", declared));
            return;
        }
        if (!info.onClassPath || depth >= MAX_DEPTH) {
            return; // the JDK's types travel as Kryo copies them; their type arguments are walked by the caller
        }
        for (TypeInfo c = info; c != null && c.onClassPath; c = c.superName == null ? null : types.type(c.superName)) {
            for (TypeInfo.FieldInfo field : c.fields) {
                if (field.isStatic() || field.isTransient()) {
                    continue;
                }
                List<String> next = new ArrayList<>(path);
                next.add(Names.simple(c.name) + "." + field.name());
                for (String fieldType : typesOf(field.descriptor(), field.signature())) {
                    walk(what, fieldType, next, depth + 1, seen, problems);
                }
            }
        }
    }

    /**
     * The JDK superclass through which the worker codec cannot rebuild this collection or map class,
     * or null when it can: a class of the class path with no no-argument constructor is made through
     * its first JDK superclass's ({@code ArrayList()}), which must have one and keep the elements
     * itself (not {@code AbstractList} and its kin). The rule of the worker launcher's
     * {@code SubclassedCollectionSerializer}.
     */
    private String unrebuildableBase(TypeInfo info) {
        if (!info.onClassPath || info.isInterface() || info.isAbstract() || info.hasNoArgConstructor()
                || !(types.isSubtype(info.name, "java/util/Collection") || types.isSubtype(info.name, "java/util/Map"))) {
            return null;
        }
        TypeInfo base = info;
        while (base != null && base.onClassPath) {
            base = base.superName == null ? null : types.type(base.superName);
        }
        if (base == null) {
            return null; // its JDK superclass is not visible: say nothing rather than guess
        }
        return base.hasNoArgConstructor() && !KEEP_NO_ELEMENTS.contains(base.name) ? null : base.name;
    }

    private static final Set<String> KEEP_NO_ELEMENTS = Set.of("java/util/AbstractCollection", "java/util/AbstractList",
            "java/util/AbstractMap", "java/util/AbstractSet", "java/util/AbstractQueue", "java/util/AbstractSequentialList");

    /** An interface with exactly one abstract method (not counting Object's), and marked or on the class path. */
    private boolean isFunctional(TypeInfo info) {
        if (!info.functionalInterface && !info.onClassPath) {
            return false; // Iterable, Comparable: one abstract method, but not meant for lambdas
        }
        Set<String> abstractMethods = new HashSet<>();
        collectAbstract(info, abstractMethods, new HashSet<>());
        return abstractMethods.size() == 1;
    }

    private void collectAbstract(TypeInfo info, Set<String> into, Set<String> seen) {
        if (!seen.add(info.name)) {
            return;
        }
        for (TypeInfo.MethodInfo m : info.methods) {
            if ((m.access & Opcodes.ACC_ABSTRACT) != 0 && !isObjectMethod(m)) {
                into.add(m.name + m.descriptor);
            }
        }
        for (String i : info.interfaces) {
            TypeInfo s = types.type(i);
            if (s != null) {
                collectAbstract(s, into, seen);
            }
        }
    }

    private static boolean isObjectMethod(TypeInfo.MethodInfo m) {
        String sig = m.name + m.descriptor;
        return sig.equals("equals(Ljava/lang/Object;)Z") || sig.equals("hashCode()I") || sig.equals("toString()Ljava/lang/String;");
    }

    /** The classes a field's type names: the erased type's element class and every class in its type arguments. */
    static Set<String> typesOf(String descriptor, String signature) {
        Set<String> names = new LinkedHashSet<>();
        Type erased = Type.getType(descriptor);
        if (erased.getSort() == Type.ARRAY) {
            erased = erased.getElementType();
        }
        if (erased.getSort() == Type.OBJECT) {
            names.add(erased.getInternalName());
        }
        if (signature != null) {
            new SignatureReader(signature).acceptType(new ClassNames(names));
        }
        return names;
    }

    /** Per parameter, then the result: the classes each type names, type arguments included. */
    private static List<Set<String>> slots(TypeInfo.MethodInfo method) {
        List<Set<String>> slots = new ArrayList<>();
        Type[] parameters = Type.getArgumentTypes(method.descriptor);
        for (Type p : parameters) {
            slots.add(typesOf(p.getDescriptor(), null));
        }
        slots.add(typesOf(Type.getReturnType(method.descriptor).getDescriptor(), null));
        if (method.signature == null) {
            return slots;
        }
        List<Set<String>> generic = new ArrayList<>();
        new SignatureReader(method.signature).accept(new SignatureVisitor(TypeInfo.ASM) {
            @Override
            public SignatureVisitor visitParameterType() {
                Set<String> slot = new LinkedHashSet<>();
                generic.add(slot);
                return new ClassNames(slot);
            }

            @Override
            public SignatureVisitor visitReturnType() {
                Set<String> slot = new LinkedHashSet<>();
                generic.add(slot);
                return new ClassNames(slot);
            }

            @Override
            public SignatureVisitor visitClassBound() {
                return new ClassNames(new HashSet<>()); // a type parameter's bound: not a slot
            }

            @Override
            public SignatureVisitor visitInterfaceBound() {
                return new ClassNames(new HashSet<>());
            }

            @Override
            public SignatureVisitor visitExceptionType() {
                return new ClassNames(new HashSet<>());
            }
        });
        // A signature can leave out synthetic parameters (an inner class's outer instance): use it only when it lines up.
        if (generic.size() == slots.size()) {
            for (int i = 0; i < slots.size(); i++) {
                slots.get(i).addAll(generic.get(i));
            }
        }
        return slots;
    }

    /** Collects the class names a type signature mentions, type arguments included. */
    private static final class ClassNames extends SignatureVisitor {
        private final Set<String> names;
        private String current;

        ClassNames(Set<String> names) {
            super(TypeInfo.ASM);
            this.names = names;
        }

        @Override
        public void visitClassType(String name) {
            current = name;
            names.add(name);
        }

        @Override
        public void visitInnerClassType(String name) {
            current = current + "$" + name;
            names.add(current);
        }

        @Override
        public SignatureVisitor visitTypeArgument(char wildcard) {
            return new ClassNames(names);
        }

        @Override
        public SignatureVisitor visitArrayType() {
            return this;
        }
    }
}
