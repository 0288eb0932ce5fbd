package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.spi.MethodRef;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Values of third-party-like types: collections without a no-argument constructor travel; what Kryo
 * can write but not rebuild fails its call in the worker, in one line naming the type and the field.
 */
class TravelCheckTest {
    private static final MethodRef PARSE = new MethodRef("x.Docs", "parse", "(Ljava/lang/String;)Lx/Doc;", true);

    /** A node of a document model, as HTML and XML libraries have them: its children know their parent. */
    static final class Element {
        final String tag;
        final Children children;
        Element parent;

        Element(String tag) {
            this.tag = tag;
            this.children = new Children(this, 4);
        }

        Element add(Element child) {
            child.parent = this;
            children.add(child);
            return this;
        }
    }

    /** The child list: an ArrayList subclass with no no-argument constructor, and a field of its own. */
    static final class Children extends ArrayList<Element> {
        private final Element owner;
        private int changes;

        Children(Element owner, int capacity) {
            super(capacity);
            this.owner = owner;
        }

        @Override
        public boolean add(Element e) {
            changes++;
            return super.add(e);
        }
    }

    /** A map subclass of the same kind. */
    static final class Attributes extends HashMap<String, String> {
        private final String namespace;

        Attributes(String namespace) {
            this.namespace = namespace;
        }
    }

    record Doc(String title, Element root, Attributes attributes) {
    }

    @Test
    void aDocumentWhoseChildListHasNoNoArgConstructorTravelsBackWhole() {
        Element root = new Element("html").add(new Element("head")).add(new Element("body").add(new Element("p")));
        Attributes attributes = new Attributes("x");
        attributes.put("lang", "en");

        Doc back = (Doc) roundTripResult(new Doc("t", root, attributes));

        assertEquals("html", back.root().tag);
        assertEquals(List.of("head", "body"), back.root().children.stream().map(e -> e.tag).toList());
        Element body = back.root().children.get(1);
        assertSame(back.root(), body.parent, "the parent link");
        assertSame(body, body.children.owner, "the list's own field, a cycle through it");
        assertEquals("p", body.children.get(0).tag);
        body.children.add(new Element("div")); // the ArrayList inside it works
        assertEquals(2, body.children.size());
        assertEquals("en", back.attributes().get("lang"));
        assertEquals("x", back.attributes().namespace);
        assertInstanceOf(Children.class, back.root().children);
    }

    @Test
    void theSameTypesTravelAsArguments() {
        Element root = new Element("r").add(new Element("c"));
        byte[] message = KryoCodec.encodeRequest(1, PARSE, new Object[] {root});
        KryoCodec.Request r = KryoCodec.decodeRequest(message, message.length);
        Element back = (Element) r.arguments()[0];
        assertSame(back, back.children.get(0).parent);
    }

    /** A list keeping its elements itself, on AbstractList, with no no-argument constructor: not rebuildable. */
    static final class Ring extends AbstractList<String> {
        private final String[] slots;

        Ring(int size) {
            slots = new String[size];
        }

        @Override
        public String get(int index) {
            return slots[index];
        }

        @Override
        public int size() {
            return slots.length;
        }
    }

    record Holder(String name, Ring ring) {
    }

    @Test
    void aCollectionLoxCannotRebuildFailsItsCallInOneLineNamingTypeAndField() {
        IllegalStateException e = failure(KryoCodec.encodeResponse(3, PARSE, KryoCodec.VALUE, 0, new Holder("h", new Ring(2))));
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith("the result of Docs.parse (" + Holder.class.getName() + ")"), m);
        assertTrue(m.contains(Ring.class.getName() + " has no no-argument constructor"), m);
        assertTrue(m.contains("at Holder.ring, a " + Ring.class.getName()), m);
        assertEquals(0, e.getStackTrace().length, "no worker-side stack: hundreds of calls may fail alike");
    }

    /** Kryo writes it (it has a no-argument constructor) but cannot rebuild it: add throws, as immutable collections do. */
    static final class Frozen extends ArrayList<String> {
        Frozen() {
        }

        Frozen(List<String> items) {
            super(items);
        }

        @Override
        public boolean add(String s) {
            throw new UnsupportedOperationException("frozen");
        }
    }

    record Tagged(String name, Frozen tags) {
    }

    @Test
    void aResultThatWritesButCannotBeRebuiltFailsInTheWorkerNotInTheParent() {
        byte[] message = KryoCodec.encodeResponse(3, PARSE, KryoCodec.VALUE, 0, new Tagged("n", new Frozen(List.of("a"))));

        IllegalStateException e = failure(message);
        String m = e.getMessage();
        assertFalse(m.contains("\n"), m);
        assertTrue(m.startsWith("the result of Docs.parse (" + Tagged.class.getName() + ") cannot be rebuilt"), m);
        assertTrue(m.contains("frozen") && m.contains("Tagged.tags"), m);
        assertEquals(0, e.getStackTrace().length);
    }

    @Test
    void aResourceInAResultIsNamedWithItsFieldPathInOneLine() {
        record Job(String name, Thread thread) {
        }
        IllegalStateException e = failure(KryoCodec.encodeResponse(3, PARSE, KryoCodec.VALUE, 0, new Job("j", Thread.currentThread())));
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        assertTrue(e.getMessage().contains("is a Thread") && e.getMessage().contains("at Job.thread, a java.lang.Thread"), e.getMessage());
    }

    @Test
    void kryoDoesNotTouchSunMiscUnsafe() {
        KryoCodec.newKryo(); // loads Kryo's Util through the codec
        assertFalse(KryoCodec.KRYO_UNSAFE);
        assertFalse(com.esotericsoftware.kryo.util.Util.unsafe,
                "Kryo's UnsafeUtil loaded: on Java 24+ the JVM prints a warning naming lox's jar");
    }

    @Test
    void aFailureIsOneLineWithTheFieldPathFromTheOutermostValue() {
        assertEquals("java.lang.IllegalStateException: x",
                KryoTrace.oneLine(new RuntimeException(null, new IllegalStateException("x")), null), "a failure without a message");
        Doc doc = new Doc("t", new Element("e"), new Attributes("n"));
        assertEquals("boom (at Doc.root.children, a a.b.Children)", KryoTrace.oneLine(new com.esotericsoftware.kryo.KryoException("boom") {
            @Override
            public String getMessage() {
                return "boom\nSerialization trace:\nchildren (a.b.Children)\nroot (a.b.Element)";
            }
        }, doc));
    }

    private static IllegalStateException failure(byte[] message) {
        KryoCodec.Response r = KryoCodec.decodeResponse(message, message.length);
        assertEquals(KryoCodec.EXCEPTION, r.kind(), () -> "travelled: " + r.value());
        return assertInstanceOf(IllegalStateException.class, r.value());
    }

    private static Object roundTripResult(Object value) {
        byte[] message = KryoCodec.encodeResponse(1, PARSE, KryoCodec.VALUE, 0, value);
        KryoCodec.Response r = KryoCodec.decodeResponse(message, message.length);
        assertEquals(KryoCodec.VALUE, r.kind(), () -> String.valueOf(r.value()));
        return r.value();
    }
}
