package dev.lox.agent.analysis;

import dev.lox.agent.analysis.MethodBody.Handler;
import dev.lox.agent.analysis.MethodBody.Insn;
import dev.lox.agent.config.Hazard;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import net.bytebuddy.jar.asm.ClassReader;
import net.bytebuddy.jar.asm.Opcodes;
import net.bytebuddy.jar.asm.Type;

/**
 * Finds, in one class file, the calls that scatter inside a gather region, and for each the
 * {@link Hazard hazards} that could make scattering it change what its method computes. Pure: it
 * reads bytes and asks {@link MethodRoles}; it loads no class and needs no agent.
 *
 * <p>What it sees, per method holding such a call (the call site {@code c}):
 * <ul>
 *   <li>{@link Hazard#TRY_CATCH}: {@code c} lies in the range of any exception handler of the method
 *       (a catch of any type, since unchecked exceptions can reach every handler, or a finally);
 *   <li>{@link Hazard#USED_AFTER}: on some path after {@code c}, the method uses a value that is
 *       the receiver or an argument of {@code c}, or that flowed into one (the locals, fields read,
 *       call results and constructor arguments they were built from, and what was put into them).
 *       Not counted: passing such a value to another call that scatters, or building from it only
 *       what such a call is given; identity tests ({@code ==}, {@code instanceof}, null checks);
 *       and a for-each loop's machinery: {@code Iterator.hasNext()} and {@code next()} (a cursor
 *       moves on to another element) and an array's length. An indexed loop over a list
 *       ({@code list.size()}, {@code list.get(i)}) counts as a use of the list;
 *   <li>{@link Hazard#STATIC_READ}: on some path after {@code c}, the method reads a static field of
 *       the called method's class (except its own {@code static final} primitives and strings).
 * </ul>
 * A call of a method that holds a scattering call (in this class, found here; elsewhere, as
 * {@link MethodRoles#holdsScatteringCall} says) counts as a scattered call for these hazards, unless
 * it is a region (which gathers its calls before it returns). What
 * it cannot see: effects through objects it cannot trace (a value reached through a field or a
 * collection of an object that is not the call's, static state of other classes, I/O), and what
 * called methods do with what they are given.
 *
 * <p>When a method cannot be analysed (old {@code jsr} subroutines, or code the analysis does not
 * understand), each of its call sites has every hazard: unsure means synchronous.
 */
public final class CallSiteAnalyzer {
    /**
     * A for-each loop's cursor test. Not {@code size()}: a collection the call adds to would be read
     * too early ({@code threads.size()} after the loop), so an indexed loop over the list the
     * arguments come from counts as a use.
     */
    private static final String OBSERVER = "hasNext";
    private static final String OBSERVER_DESCRIPTOR = "()Z";
    private static final String NEXT = "next";
    private static final String NEXT_DESCRIPTOR = "()Ljava/lang/Object;";

    private final MethodRoles roles;

    public CallSiteAnalyzer(MethodRoles roles) {
        this.roles = Objects.requireNonNull(roles, "roles");
    }

    /**
     * What the analysis found in one class.
     *
     * @param sites the scattering call sites, in class file order, each with its hazards
     * @param gatherBodies the methods of the class (name and descriptor) handed straight to
     *     {@code Lox.gather} as a lambda body or a method reference: the block a region runs
     */
    public record ClassAnalysis(List<CallSite> sites, Set<String> gatherBodies) {
        public ClassAnalysis {
            sites = List.copyOf(sites);
            gatherBodies = Set.copyOf(gatherBodies);
        }
    }

    /** The scattering call sites of a class, and the methods it hands to {@code Lox.gather}. */
    public ClassAnalysis analyze(byte[] classFile) {
        Objects.requireNonNull(classFile, "classFile");
        ClassModel model = new ClassModel(roles);
        new ClassReader(classFile).accept(model, ClassReader.SKIP_FRAMES);
        return analyze(model);
    }

    /**
     * The same, of a class file already read into a model (with {@code ClassReader.SKIP_FRAMES} or
     * none; its foreign roles answering as this analyzer's roles do for other classes' methods).
     */
    public ClassAnalysis analyze(ClassModel model) {
        String className = model.name.replace('/', '.');

        // Which invocations scatter: parallel methods, and methods holding such calls (this class's
        // to a fixpoint, other classes' as the roles know them). The roles are asked once per call
        // instruction, before the fixpoint: with a wide rule (thread com.google.common.*#*) nearly every
        // call is a question about another class, and the fixpoint goes over each method again each
        // time it grows.
        Map<MethodBody, CallSite.Kind[]> kinds = new HashMap<>();
        for (MethodBody body : model.methods) {
            CallSite.Kind[] ofBody = new CallSite.Kind[body.insns.size()];
            for (int i = 0; i < ofBody.length; i++) {
                ofBody[i] = kindFromRoles(model, body.insns.get(i), roles);
            }
            kinds.put(body, ofBody);
        }
        Set<String> scatteringHere = new HashSet<>();
        Map<MethodBody, List<Integer>> sites = new LinkedHashMap<>();
        boolean grew = true;
        while (grew) {
            grew = false;
            for (MethodBody body : model.methods) {
                CallSite.Kind[] ofBody = kinds.get(body);
                List<Integer> found = new ArrayList<>();
                for (int i = 0; i < ofBody.length; i++) {
                    Insn insn = body.insns.get(i);
                    if (ofBody[i] == null && isOwnCall(model, insn) && scatteringHere.contains(insn.name + insn.descriptor)) {
                        ofBody[i] = CallSite.Kind.SCATTERING_METHOD; // scatteringHere only grows
                    }
                    if (ofBody[i] != null) {
                        found.add(i);
                    }
                }
                if (!found.isEmpty()) {
                    sites.put(body, found);
                    // A region gathers its own calls before it returns: a call of it scatters nothing.
                    boolean region = roles.isRegion(new MethodKey(className, body.name, body.descriptor));
                    if (!region && scatteringHere.add(body.name + body.descriptor)) {
                        grew = true;
                    }
                }
            }
        }

        List<CallSite> result = new ArrayList<>();
        for (Map.Entry<MethodBody, List<Integer>> entry : sites.entrySet()) {
            MethodBody body = entry.getKey();
            MethodKey caller = new MethodKey(className, body.name, body.descriptor);
            Map<Integer, CallSite.Kind> siteKinds = new LinkedHashMap<>();
            Map<Integer, Set<Hazard>> accepted = new HashMap<>();
            for (int index : entry.getValue()) {
                Insn insn = body.insns.get(index);
                siteKinds.put(index, kinds.get(body)[index]);
                accepted.put(index, roles.accepted(caller, key(insn)));
            }
            Map<Integer, Set<Hazard>> hazards = new MethodAnalysis(model, body, siteKinds, accepted).hazards();
            for (Map.Entry<Integer, CallSite.Kind> site : siteKinds.entrySet()) {
                Insn insn = body.insns.get(site.getKey());
                result.add(new CallSite(className, body.name, body.descriptor, insn.line, key(insn), site.getValue(),
                        hazards.get(site.getKey()), accepted.get(site.getKey()), insn.callIndex));
            }
        }
        return new ClassAnalysis(result, gatherBodies(model));
    }

    /**
     * The methods of this class handed straight to {@code Lox.gather(Runnable)}, as a lambda body
     * or a method reference: an invokedynamic of the lambda metafactory whose method is one of this
     * class with code, right before the call. {@code Lox.gather} asks for such a method when it runs
     * the block.
     */
    private static Set<String> gatherBodies(ClassModel model) {
        Set<String> found = new HashSet<>();
        for (String method : model.handedToGather) {
            if (model.withCode.contains(method)) {
                found.add(method);
            }
        }
        return found;
    }

    /**
     * What the roles say of a call instruction: a parallel method's call, another class's method
     * that holds scattering calls, or null (not a call, a constructor, or a method of this class
     * that the fixpoint may still find scattering).
     */
    private static CallSite.Kind kindFromRoles(ClassModel model, Insn insn, MethodRoles roles) {
        if (!insn.isInvoke() || insn.name.startsWith("<")) {
            return null;
        }
        if (!insn.owner.equals(model.name)) {
            return insn.foreignKind; // asked of the foreign roles as the class file was read
        }
        return roles.isScatterable(key(insn)) ? CallSite.Kind.PARALLEL : null;
    }

    private static boolean isOwnCall(ClassModel model, Insn insn) {
        return insn.isInvoke() && !insn.name.startsWith("<") && insn.owner.equals(model.name);
    }

    private static MethodKey key(Insn insn) {
        return new MethodKey(insn.owner.replace('/', '.'), insn.name, insn.descriptor);
    }

    /** The origins of a value: the instructions (and parameters) that made what flowed into it. */
    private static final class Origins {
        static final Origins NONE = new Origins(new BitSet());
        final BitSet bits;

        Origins(BitSet bits) {
            this.bits = bits;
        }

        static Origins of(int id) {
            BitSet bits = new BitSet();
            bits.set(id);
            return new Origins(bits);
        }

        Origins union(Origins other) {
            if (other.bits.isEmpty() || other == this) {
                return this;
            }
            if (bits.isEmpty()) {
                return other;
            }
            BitSet union = (BitSet) bits.clone();
            union.or(other.bits);
            return new Origins(union);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Origins other && bits.equals(other.bits);
        }

        @Override
        public int hashCode() {
            return bits.hashCode();
        }
    }

    /** The hazards of the call sites of one method. */
    private static final class MethodAnalysis {
        private final ClassModel model;
        private final MethodBody body;
        private final Map<Integer, CallSite.Kind> kinds;
        private final Map<Integer, Set<Hazard>> accepted;
        private final int size;
        /** What each origin was built from: origin -> origins. */
        private final Map<Integer, BitSet> builtFrom = new HashMap<>();
        /** The operands each instruction consumed, in the final frames. */
        private final Map<Integer, List<Origins>> consumedAt = new HashMap<>();
        private Frames<Origins> origins;
        /**
         * What uses each origin: origin -> the instructions that consume it. It follows from
         * {@link #consumedAt} alone, so it is built once, after the origins dataflow, not for each set
         * of sinks {@link #feedsScatterOnly} is asked about.
         */
        private Map<Integer, List<Integer>> uses;
        /** The instructions that make a reference something uses: where {@link #feedsScatterOnly} starts. */
        private BitSet usedReferences;
        /** The call sites that call a parallel method: of the scattering calls, the only sinks. */
        private final BitSet parallel = new BitSet();
        /**
         * {@link #feedsScatterOnly} of each set of sinks met: every site of a round that scatters (or
         * calls no parallel method) has the same sinks, and a set may come again in a later round.
         */
        private final Map<BitSet, BitSet> feedsBySinks = new HashMap<>();

        MethodAnalysis(ClassModel model, MethodBody body, Map<Integer, CallSite.Kind> kinds, Map<Integer, Set<Hazard>> accepted) {
            this.model = model;
            this.body = body;
            this.kinds = kinds;
            this.accepted = accepted;
            this.size = body.insns.size();
            for (Map.Entry<Integer, CallSite.Kind> site : kinds.entrySet()) {
                if (site.getValue() == CallSite.Kind.PARALLEL) {
                    parallel.set(site.getKey());
                }
            }
        }

        Map<Integer, Set<Hazard>> hazards() {
            Map<Integer, Set<Hazard>> hazards = new HashMap<>();
            try {
                if (body.unsupported) {
                    throw new IllegalStateException("jsr/ret subroutine");
                }
                origins = new Frames<>(body, new OriginInterpreter()).runFromEntry();
                indexUses();
                // A synchronous call is no sink for another's values: iterate until the set of
                // scattering calls is stable (it only shrinks).
                Set<Integer> scattering = new HashSet<>(kinds.keySet());
                // The sinks each site's hazards were last found with: a site's hazards depend on
                // nothing else that changes between rounds, so the same sinks give the same hazards.
                Map<Integer, BitSet> foundWith = new HashMap<>();
                while (true) {
                    Set<Integer> next = new HashSet<>();
                    BitSet scatteringSinks = parallelAmong(scattering);
                    for (int site : kinds.keySet()) {
                        // A call's hazards are what they would be if it scattered: it is its own sink.
                        BitSet sinks = withSite(scatteringSinks, site);
                        if (!sinks.equals(foundWith.get(site))) {
                            hazards.put(site, hazardsOf(site, sinks, feedsScatterOnly(sinks)));
                            foundWith.put(site, sinks);
                        }
                        if (accepted.get(site).containsAll(hazards.get(site))) {
                            next.add(site);
                        }
                    }
                    if (next.equals(scattering)) {
                        return hazards;
                    }
                    scattering = next;
                }
            } catch (RuntimeException unsure) {
                for (int site : kinds.keySet()) {
                    hazards.put(site, EnumSet.allOf(Hazard.class));
                }
                return hazards;
            }
        }

        /** The parallel calls among the given scattering ones: the calls that are sinks. */
        private BitSet parallelAmong(Set<Integer> scattering) {
            BitSet sinks = new BitSet();
            for (int site : scattering) {
                if (parallel.get(site)) {
                    sinks.set(site);
                }
            }
            return sinks;
        }

        /**
         * The sinks with the site added if it calls a parallel method; the same set if that adds
         * nothing (sink sets are never changed once made: they are keys of {@link #feedsBySinks}).
         */
        private BitSet withSite(BitSet sinks, int site) {
            if (!parallel.get(site) || sinks.get(site)) {
                return sinks;
            }
            BitSet with = (BitSet) sinks.clone();
            with.set(site);
            return with;
        }

        /** @param sinks the parallel calls that scatter: what they are given counts as no use */
        private Set<Hazard> hazardsOf(int site, BitSet sinks, BitSet feeds) {
            EnumSet<Hazard> found = EnumSet.noneOf(Hazard.class);
            Frames.Frame<Origins> before = origins.in().get(site);
            if (before == null) {
                return found; // unreachable code
            }
            for (Handler handler : body.handlers) {
                if (site >= handler.start() && site < handler.end()) {
                    found.add(Hazard.TRY_CATCH);
                }
            }
            Insn call = body.insns.get(site);
            BitSet tainted = new BitSet();
            for (Origins operand : consumedAt.getOrDefault(site, List.of())) {
                tainted.or(operand.bits);
            }
            close(tainted);
            Frames.Frame<Origins> after = origins.after(site, before);
            Frames.Frame<Boolean> start = new Frames.Frame<>(after.locals.length);
            for (int slot = 0; slot < after.locals.length; slot++) {
                Object local = after.locals[slot];
                start.locals[slot] = local instanceof Frames.Sized sized
                        ? new Frames.Sized(((Origins) sized.value()).bits.intersects(tainted), sized.size()) : local;
            }
            boolean returns = call.returned().getSort() != Type.VOID;
            for (int i = 0; i < after.stack.size(); i++) {
                boolean isResult = returns && i == after.stack.size() - 1;
                start.push(!isResult && after.stack.get(i).bits.intersects(tainted), after.sizes.get(i));
            }
            TaintInterpreter taint = new TaintInterpreter(call.owner, sinks, feeds, found);
            Frames<Boolean> frames = new Frames<>(body, taint);
            List<Integer> next = frames.successors(site, call);
            List<Frames.Frame<Boolean>> starts = new ArrayList<>();
            for (int i = 0; i < next.size(); i++) {
                starts.add(start);
            }
            frames.run(next, starts);
            return found;
        }

        /** Adds to {@code origins} everything they were built from, transitively. */
        private void close(BitSet origins) {
            BitSet todo = (BitSet) origins.clone();
            while (!todo.isEmpty()) {
                int origin = todo.nextSetBit(0);
                todo.clear(origin);
                BitSet from = builtFrom.get(origin);
                if (from != null) {
                    BitSet fresh = (BitSet) from.clone();
                    fresh.andNot(origins);
                    origins.or(fresh);
                    todo.or(fresh);
                }
            }
        }

        /** Builds {@link #uses} and {@link #usedReferences} from the operands the instructions consumed. */
        private void indexUses() {
            uses = new HashMap<>();
            for (Map.Entry<Integer, List<Origins>> entry : consumedAt.entrySet()) {
                for (Origins operand : entry.getValue()) {
                    for (int o = operand.bits.nextSetBit(0); o >= 0; o = operand.bits.nextSetBit(o + 1)) {
                        List<Integer> at = uses.get(o);
                        if (at == null) {
                            at = new ArrayList<>();
                            uses.put(o, at);
                        }
                        at.add(entry.getKey());
                    }
                }
            }
            usedReferences = new BitSet();
            for (int i = 0; i < size; i++) {
                if (producesReference(body.insns.get(i)) && uses.containsKey(i)) {
                    usedReferences.set(i);
                }
            }
        }

        /**
         * The instructions whose reference result is used only to build what the sinks are given
         * (greatest fixpoint: a value passed around a loop feeds scatters if nothing else uses it).
         * Found once per set of sinks.
         */
        private BitSet feedsScatterOnly(BitSet sinks) {
            BitSet known = feedsBySinks.get(sinks);
            if (known != null) {
                return known;
            }
            BitSet feeds = (BitSet) usedReferences.clone();
            boolean changed = true;
            while (changed) {
                changed = false;
                for (int i = feeds.nextSetBit(0); i >= 0; i = feeds.nextSetBit(i + 1)) {
                    for (int use : uses.get(i)) {
                        Insn u = body.insns.get(use);
                        boolean constructs = isConstructor(u) && consumedAt.get(use).get(0).bits.get(i);
                        if (!sinks.get(use) && !isObserver(u) && !constructs && !resultFeeds(use, feeds)) {
                            feeds.clear(i);
                            changed = true;
                            break;
                        }
                    }
                }
            }
            feedsBySinks.put(sinks, feeds);
            return feeds;
        }

        /**
         * Whether what an instruction makes is used only to build what scattering calls are given;
         * a constructor call makes the object its {@code new} allocated.
         */
        private boolean resultFeeds(int index, BitSet feeds) {
            if (!isConstructor(body.insns.get(index))) {
                return feeds.get(index);
            }
            BitSet receiver = consumedAt.get(index).get(0).bits;
            if (receiver.isEmpty()) {
                return false;
            }
            for (int o = receiver.nextSetBit(0); o >= 0; o = receiver.nextSetBit(o + 1)) {
                if (!feeds.get(o)) {
                    return false;
                }
            }
            return true;
        }

        private static boolean isConstructor(Insn insn) {
            return insn.opcode == Opcodes.INVOKESPECIAL && insn.name.equals("<init>");
        }

        private static boolean producesReference(Insn insn) {
            int op = insn.opcode;
            if (insn.isInvoke() || op == Opcodes.INVOKEDYNAMIC) {
                return insn.returned().getSort() >= Type.ARRAY;
            }
            return op == Opcodes.NEW || op == Opcodes.GETFIELD || op == Opcodes.GETSTATIC || op == Opcodes.AALOAD
                    || op == Opcodes.ANEWARRAY || op == Opcodes.NEWARRAY || op == Opcodes.MULTIANEWARRAY;
        }

        /** Instructions that use a value without reading what a call could change in it. */
        private static boolean isObserver(Insn insn) {
            switch (insn.opcode) {
                case Opcodes.IFNULL, Opcodes.IFNONNULL, Opcodes.IF_ACMPEQ, Opcodes.IF_ACMPNE, Opcodes.INSTANCEOF,
                        Opcodes.MONITORENTER, Opcodes.MONITOREXIT, Opcodes.ARRAYLENGTH:
                    return true;
                case Opcodes.INVOKEVIRTUAL, Opcodes.INVOKEINTERFACE:
                    // Name and descriptor compared apart: no string built per call instruction of each dataflow pass.
                    return OBSERVER.equals(insn.name) && OBSERVER_DESCRIPTOR.equals(insn.descriptor);
                default:
                    return false;
            }
        }

        private final class OriginInterpreter implements Frames.Interpreter<Origins> {
            @Override
            public Origins parameter(int slot, Type type) {
                return type.getSort() >= Type.ARRAY ? Origins.of(size + slot) : Origins.NONE;
            }

            @Override
            public Origins execute(int index, Insn insn, List<Origins> consumed, int result, boolean reference) {
                consumedAt.put(index, List.copyOf(consumed));
                int op = insn.opcode;
                if ((insn.isInvoke() && op != Opcodes.INVOKESTATIC && !consumed.isEmpty())) {
                    // The receiver may keep what it is given (a list's add, a constructor's fields).
                    Origins args = Origins.NONE;
                    for (int i = 1; i < consumed.size(); i++) {
                        args = args.union(consumed.get(i));
                    }
                    edge(consumed.get(0), args);
                } else if (op == Opcodes.PUTFIELD) {
                    edge(consumed.get(0), consumed.get(1));
                } else if (op == Opcodes.AASTORE) {
                    edge(consumed.get(0), consumed.get(2));
                }
                if (!reference || op == Opcodes.LDC || op == Opcodes.ACONST_NULL) {
                    return Origins.NONE;
                }
                Origins from = Origins.NONE;
                for (Origins operand : consumed) {
                    from = from.union(operand);
                }
                Origins made = Origins.of(index);
                edge(made, from);
                return made;
            }

            private void edge(Origins to, Origins from) {
                if (from.bits.isEmpty()) {
                    return;
                }
                for (int o = to.bits.nextSetBit(0); o >= 0; o = to.bits.nextSetBit(o + 1)) {
                    BitSet of = builtFrom.get(o);
                    if (of == null) {
                        of = new BitSet();
                        builtFrom.put(o, of);
                    }
                    of.or(from.bits);
                }
            }

            @Override
            public Origins caught(int handler) {
                return Origins.of(2 * size + handler);
            }

            @Override
            public Origins merge(Origins a, Origins b) {
                return a.union(b);
            }
        }

        /** Whether a value is (or may be) one the call was given; records the hazards it meets. */
        private final class TaintInterpreter implements Frames.Interpreter<Boolean> {
            private final String calleeOwner;
            private final BitSet sinks;
            private final BitSet feeds;
            private final Set<Hazard> found;

            TaintInterpreter(String calleeOwner, BitSet sinks, BitSet feeds, Set<Hazard> found) {
                this.calleeOwner = calleeOwner;
                this.sinks = sinks;
                this.feeds = feeds;
                this.found = found;
            }

            @Override
            public Boolean parameter(int slot, Type type) {
                return false;
            }

            @Override
            public Boolean execute(int index, Insn insn, List<Boolean> consumed, int result, boolean reference) {
                if (insn.opcode == Opcodes.GETSTATIC && insn.owner.equals(calleeOwner)
                        && !(insn.owner.equals(model.name) && model.constants.contains(insn.name))) {
                    found.add(Hazard.STATIC_READ);
                }
                boolean anyTainted = consumed.contains(Boolean.TRUE);
                if (!anyTainted) {
                    return false;
                }
                boolean sink = sinks.get(index);
                // A cursor that was there at the call moves on to another element; one made after
                // the call was judged where it was made.
                boolean next = insn.isInvoke() && NEXT.equals(insn.name) && NEXT_DESCRIPTOR.equals(insn.descriptor);
                if (!sink && !next && !isObserver(insn) && !resultFeeds(index, feeds)) {
                    found.add(Hazard.USED_AFTER);
                }
                if (!reference || next) {
                    return false;
                }
                return true;
            }

            @Override
            public Boolean caught(int handler) {
                return false;
            }

            @Override
            public Boolean merge(Boolean a, Boolean b) {
                return a || b;
            }
        }
    }
}
