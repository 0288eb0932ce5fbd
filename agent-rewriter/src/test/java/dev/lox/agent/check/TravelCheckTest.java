package dev.lox.agent.check;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Field;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TravelCheckTest {
    /** check refuses what the codec refuses: one list of a JVM's resources, kept equal by this test. */
    @Test
    void theResourcesAreTheOnesTheWorkerCodecRefuses() throws ReflectiveOperationException {
        Field codecs = Class.forName("dev.lox.worker.internal.KryoCodec").getDeclaredField("RESOURCES");
        codecs.setAccessible(true);
        List<String> refused = Arrays.stream((Class<?>[]) codecs.get(null)).map(c -> c.getName().replace('.', '/')).toList();
        assertEquals(refused, List.copyOf(TravelCheck.RESOURCES.keySet()));
    }

    @Test
    void aFieldsTypesAreItsClassAndTheClassesOfItsTypeArguments() {
        assertEquals(Set.of("java/util/Map", "java/lang/String", "java/util/List", "java/net/Socket"),
                TravelCheck.typesOf("Ljava/util/Map;", "Ljava/util/Map<Ljava/lang/String;Ljava/util/List<Ljava/net/Socket;>;>;"));
        assertEquals(Set.of("java/lang/Thread"), TravelCheck.typesOf("[[Ljava/lang/Thread;", null));
        assertEquals(Set.of(), TravelCheck.typesOf("I", null));
    }
}
