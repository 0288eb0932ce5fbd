package dev.lox.worker.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.lox.spi.MethodRef;
import java.io.ByteArrayInputStream;
import java.io.File;
import java.io.IOException;
import java.io.Serializable;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every value type Java code passes every day travels to a worker and back without setup. */
class KryoCodecTest {
    private static final MethodRef M = new MethodRef("x.Y", "m", "(Ljava/lang/Object;)Ljava/lang/Object;", true);

    enum Color { RED, GREEN }

    record Point(int x, int y, String label) {
    }

    record Nested(Point p, List<Point> more, Map<String, Color> colors) {
    }

    static final class Plain {
        private final String name;
        private int count;
        Plain self;

        Plain(String name, int count) {
            this.name = name;
            this.count = count;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Plain p && p.name.equals(name) && p.count == count;
        }

        @Override
        public int hashCode() {
            return name.hashCode() * 31 + count;
        }
    }

    static Stream<Arguments> values() {
        return Stream.of(
                Arguments.of("record", new Point(1, 2, "a")),
                Arguments.of("nested record", new Nested(new Point(1, 2, "a"), List.of(new Point(3, 4, null)), Map.of("k", Color.RED))),
                Arguments.of("enum", Color.GREEN),
                Arguments.of("ArrayList", new ArrayList<>(List.of(1, 2, 3))),
                Arguments.of("LinkedList", new LinkedList<>(List.of("a", "b"))),
                Arguments.of("ArrayDeque as list", new ArrayList<>(new ArrayDeque<>(List.of(1, 2)))),
                Arguments.of("List.of", List.of("a", "b", "c")),
                Arguments.of("List.of one", List.of("a")),
                Arguments.of("Arrays.asList", Arrays.asList(1, 2, 3)),
                Arguments.of("unmodifiableList", Collections.unmodifiableList(new ArrayList<>(List.of(1, 2)))),
                Arguments.of("emptyList", Collections.emptyList()),
                Arguments.of("singletonList", Collections.singletonList("x")),
                Arguments.of("HashMap", new HashMap<>(Map.of("a", 1, "b", 2))),
                Arguments.of("LinkedHashMap", new LinkedHashMap<>(Map.of("a", 1))),
                Arguments.of("TreeMap", new TreeMap<>(Map.of("b", 2, "a", 1))),
                Arguments.of("ConcurrentHashMap", new ConcurrentHashMap<>(Map.of("a", 1))),
                Arguments.of("Map.of", Map.of("a", 1, "b", 2)),
                Arguments.of("unmodifiableMap", Collections.unmodifiableMap(new HashMap<>(Map.of("a", 1)))),
                Arguments.of("EnumMap", new EnumMap<>(Map.of(Color.RED, 1))),
                Arguments.of("HashSet", new HashSet<>(Set.of(1, 2))),
                Arguments.of("TreeSet", new TreeSet<>(Set.of(3, 1))),
                Arguments.of("Set.of", Set.of(1, 2, 3)),
                Arguments.of("EnumSet", EnumSet.of(Color.RED)),
                Arguments.of("String", "héllo wörld"),
                Arguments.of("empty String", ""),
                Arguments.of("BigDecimal", new BigDecimal("12345678901234567890.000123")),
                Arguments.of("BigInteger", new BigInteger("-123456789012345678901234567890")),
                Arguments.of("Instant", Instant.parse("2024-02-29T12:34:56.123456789Z")),
                Arguments.of("LocalDate", LocalDate.of(2024, 2, 29)),
                Arguments.of("LocalTime", LocalTime.of(23, 59, 1, 5)),
                Arguments.of("LocalDateTime", LocalDateTime.of(2024, 2, 29, 1, 2, 3)),
                Arguments.of("ZonedDateTime", ZonedDateTime.of(2024, 3, 31, 2, 30, 0, 0, ZoneId.of("Europe/Paris"))),
                Arguments.of("OffsetDateTime", OffsetDateTime.of(2024, 1, 1, 0, 0, 0, 0, ZoneOffset.ofHours(-7))),
                Arguments.of("Duration", Duration.ofNanos(1234567890123L)),
                Arguments.of("Period", Period.of(1, 2, 3)),
                Arguments.of("Year", Year.of(1999)),
                Arguments.of("YearMonth", YearMonth.of(2000, 12)),
                Arguments.of("ZoneId", ZoneId.of("America/New_York")),
                Arguments.of("UUID", UUID.fromString("123e4567-e89b-12d3-a456-426614174000")),
                Arguments.of("URI", URI.create("https://example.com/a%20b?q=1#frag")),
                Arguments.of("Path", Path.of("/tmp/some dir/file.txt")),
                Arguments.of("relative Path", Path.of("a", "b")),
                Arguments.of("File", new File("/tmp/x.txt")),
                Arguments.of("Optional", Optional.of("v")),
                Arguments.of("empty Optional", Optional.empty()),
                Arguments.of("OptionalInt", OptionalInt.of(7)),
                Arguments.of("Integer", 42),
                Arguments.of("Long", Long.MIN_VALUE),
                Arguments.of("Double", Double.NaN),
                Arguments.of("Character", 'x'),
                Arguments.of("Boolean", true),
                Arguments.of("plain class without no-arg constructor", new Plain("p", 3)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("values")
    void valueRoundTripsAsArgumentAndAsResult(String what, Object value) {
        assertEquals(value, roundTripArgument(value), what + " as an argument");
        assertEquals(value, roundTripResult(value), what + " as a result");
        if (value != null) {
            assertEquals(value.getClass(), roundTripArgument(value).getClass(), what + " keeps its class");
        }
    }

    @Test
    void arraysRoundTrip() {
        assertArrayEquals(new int[] {1, 2, 3}, (int[]) roundTripArgument(new int[] {1, 2, 3}));
        assertArrayEquals(new byte[] {1, -2}, (byte[]) roundTripArgument(new byte[] {1, -2}));
        assertArrayEquals(new double[] {1.5}, (double[]) roundTripArgument(new double[] {1.5}));
        assertArrayEquals(new String[][] {{"a"}, {"b", null}}, (String[][]) roundTripArgument(new String[][] {{"a"}, {"b", null}}));
        assertArrayEquals(new Object[] {1, "a", new Point(1, 1, "p")}, (Object[]) roundTripArgument(new Object[] {1, "a", new Point(1, 1, "p")}));
        assertArrayEquals(new Color[] {Color.RED}, (Color[]) roundTripResult(new Color[] {Color.RED}));
    }

    @Test
    void patternRoundTrips() {
        java.util.regex.Pattern p = java.util.regex.Pattern.compile("a+b", java.util.regex.Pattern.CASE_INSENSITIVE);
        java.util.regex.Pattern back = (java.util.regex.Pattern) roundTripArgument(p);
        assertEquals(p.pattern(), back.pattern());
        assertEquals(p.flags(), back.flags());
    }

    @Test
    void nullArgumentsAndSharedReferencesSurvive() {
        Plain shared = new Plain("s", 1);
        shared.self = shared;
        byte[] message = KryoCodec.encodeRequest(7, M, new Object[] {shared, null, shared});
        KryoCodec.Request r = KryoCodec.decodeRequest(message, message.length);
        assertEquals(7, r.callId());
        assertEquals(M, r.method());
        Plain a = (Plain) r.arguments()[0];
        assertNull(r.arguments()[1]);
        assertSame(a, r.arguments()[2], "one object passed twice arrives as one object");
        assertSame(a, a.self, "a cycle arrives as a cycle");
    }

    @Test
    void serializableLambdaTravels() {
        Function<Integer, Integer> twice = (Function<Integer, Integer> & Serializable) x -> x * 2;
        @SuppressWarnings("unchecked")
        Function<Integer, Integer> back = (Function<Integer, Integer>) roundTripArgument(twice);
        assertNotSame(twice, back);
        assertEquals(10, back.apply(5));
    }

    @Test
    void nonSerializableLambdaFailsNamingPositionAndType() {
        Function<Integer, Integer> twice = x -> x * 2;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KryoCodec.encodeRequest(1, M, new Object[] {"ok", twice}));
        assertTrue(e.getMessage().startsWith("argument 1 (" + twice.getClass().getName() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("Serializable functional interface"), e.getMessage());
    }

    record HoldsStream(String name, java.io.InputStream in) {
    }

    @Test
    void resourceOfThisJvmIsRefusedNamingPositionTypeAndField() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> KryoCodec.encodeRequest(1, M, new Object[] {new HoldsStream("n", new ByteArrayInputStream(new byte[1]))}));
        assertTrue(e.getMessage().contains("argument 0 (" + HoldsStream.class.getName() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("java.io.ByteArrayInputStream is a InputStream"), e.getMessage());
        IllegalArgumentException t = assertThrows(IllegalArgumentException.class,
                () -> KryoCodec.encodeRequest(1, new MethodRef("x.Y", "m", "()V", false), new Object[] {Thread.currentThread()}));
        assertTrue(t.getMessage().startsWith("the receiver (java.lang.Thread)"), t.getMessage());
    }

    static final class CustomFailure extends Exception {
        private final int code;

        CustomFailure(String message, int code, Throwable cause) {
            super(message, cause);
            this.code = code;
        }
    }

    @Test
    void aResponseDecodedIntoAReusedOneReplacesEveryField() {
        KryoCodec.Response into = new KryoCodec.Response();
        byte[] first = KryoCodec.encodeResponse(7, M, KryoCodec.VALUE, 1234, "seven");
        byte[] second = KryoCodec.encodeResponse(8, M, KryoCodec.EXCEPTION, 99, new IllegalStateException("eight"));
        assertSame(into, KryoCodec.decodeResponse(first, first.length, null, into));
        assertEquals(7, into.callId());
        assertEquals(KryoCodec.VALUE, into.kind());
        assertEquals(1234, into.serviceNanos());
        assertEquals("seven", into.value());
        KryoCodec.decodeResponse(second, second.length, null, into);
        assertEquals(8, into.callId());
        assertEquals(KryoCodec.EXCEPTION, into.kind());
        assertEquals(99, into.serviceNanos());
        assertEquals("eight", assertInstanceOf(IllegalStateException.class, into.value()).getMessage());
        into.clear();
        assertNull(into.value());
    }

    @Test
    void exceptionKeepsTypeMessageStackCauseAndSuppressed() {
        CustomFailure original = new CustomFailure("bad input", 42, new IllegalStateException("inner"));
        original.addSuppressed(new IOException("also"));
        byte[] message = KryoCodec.encodeResponse(3, M, KryoCodec.EXCEPTION, 0, original);
        KryoCodec.Response r = KryoCodec.decodeResponse(message, message.length);
        assertEquals(KryoCodec.EXCEPTION, r.kind());
        CustomFailure back = assertInstanceOf(CustomFailure.class, r.value());
        assertEquals("bad input", back.getMessage());
        assertEquals(42, back.code);
        assertArrayEquals(original.getStackTrace(), back.getStackTrace());
        assertInstanceOf(IllegalStateException.class, back.getCause());
        assertEquals(1, back.getSuppressed().length);
        back.addSuppressed(new RuntimeException("suppressed can still be added"));
    }

    static final class HoldsThread extends RuntimeException {
        @SuppressWarnings("unused")
        private final transient Object ok = new Object();
        @SuppressWarnings("unused")
        private final Object notSerializable = new Object();

        HoldsThread(String message) {
            super(message);
        }
    }

    @Test
    void exceptionThatCannotBeSerializedArrivesAsSubstituteWithTypeMessageAndStack() {
        HoldsThread original = new HoldsThread("cannot travel");
        byte[] message = KryoCodec.encodeResponse(3, M, KryoCodec.EXCEPTION, 0, original);
        KryoCodec.Response r = KryoCodec.decodeResponse(message, message.length);
        SubstituteException back = assertInstanceOf(SubstituteException.class, r.value());
        assertEquals(HoldsThread.class.getName(), back.originalType());
        assertTrue(back.getMessage().startsWith(HoldsThread.class.getName() + ": cannot travel"), back.getMessage());
        assertArrayEquals(original.getStackTrace(), back.getStackTrace());
    }

    @Test
    void resultThatCannotBeSerializedBecomesAnExceptionSayingSo() {
        byte[] message = KryoCodec.encodeResponse(3, M, KryoCodec.VALUE, 0, Thread.currentThread());
        KryoCodec.Response r = KryoCodec.decodeResponse(message, message.length);
        IllegalStateException e = assertInstanceOf(IllegalStateException.class, r.value());
        assertTrue(e.getMessage().contains("the result of Y.m (java.lang.Thread) cannot be serialized back"), e.getMessage());
    }

    private static Object roundTripArgument(Object value) {
        byte[] message = KryoCodec.encodeRequest(1, M, new Object[] {value});
        KryoCodec.Request r = KryoCodec.decodeRequest(message, message.length);
        if (r.failure() != null) {
            throw new AssertionError(r.failure());
        }
        return r.arguments()[0];
    }

    private static Object roundTripResult(Object value) {
        long serviceNanos = 123_456_789L;
        byte[] message = KryoCodec.encodeResponse(1, M, KryoCodec.VALUE, serviceNanos, value);
        KryoCodec.Response r = KryoCodec.decodeResponse(message, message.length);
        assertEquals(KryoCodec.VALUE, r.kind(), () -> String.valueOf(r.value()));
        assertEquals(serviceNanos, r.serviceNanos(), "the worker's service time travels with the value");
        return r.value();
    }
}
