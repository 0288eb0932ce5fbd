package dev.lox.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class DescriptorsTest {
    @Test
    void parametersAreCountedWhateverTheirType() {
        assertEquals(0, Descriptors.parameterCount("()V"));
        assertEquals(1, Descriptors.parameterCount("(Ljava/lang/Object;)V"));
        assertEquals(3, Descriptors.parameterCount("(ILjava/lang/String;[J)V"));
        assertEquals(2, Descriptors.parameterCount("([[Ljava/util/List;D)Ljava/util/concurrent/Future;"));
    }
}
