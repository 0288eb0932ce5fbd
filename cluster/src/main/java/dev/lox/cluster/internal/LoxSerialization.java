package dev.lox.cluster.internal;

import com.hazelcast.config.JavaSerializationFilterConfig;
import com.hazelcast.config.SerializationConfig;
import com.hazelcast.nio.serialization.DataSerializableFactory;

/**
 * What lox sets in Hazelcast's serialization, on members and on the driver alike: the factory of
 * its one type ({@link CallTask}), and Hazelcast's Java deserialization filter, on, with its defaults
 * off: lox sends nothing by Java serialization, so only Hazelcast's own types and the JDK's
 * exceptions Hazelcast may send between members are let through.
 */
public final class LoxSerialization {
    /** "lox" in ASCII. */
    static final int FACTORY_ID = 0x6C6F78;
    static final int CALL_TASK = 1;

    private LoxSerialization() {
    }

    /** Adds lox's factory and the filter to {@code config}. */
    public static void apply(SerializationConfig config) {
        DataSerializableFactory factory = classId -> classId == CALL_TASK ? new CallTask() : null;
        config.addDataSerializableFactory(FACTORY_ID, factory);
        JavaSerializationFilterConfig filter = new JavaSerializationFilterConfig().setDefaultsDisabled(true);
        filter.getWhitelist().addPrefixes("com.hazelcast.", "java.lang.", "java.util.concurrent.", "java.io.IOException",
                "java.net.", "java.util.UUID", "[Ljava.lang.StackTraceElement");
        config.setJavaSerializationFilterConfig(filter);
    }
}
