package dev.lox.cluster.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MessageBoundTest {
    @Test
    void theDefaultIs64MiBAndABoundIsBytes() {
        assertEquals(64L << 20, MessageBound.parse(null));
        assertEquals(1 << 20, MessageBound.parse(" 1048576 "));
        assertEquals(1L << 30, MessageBound.parse("1073741824"));
    }

    @Test
    void aBoundOver1GiBOrNotANumberIsRefusedNamingTheSettingAndTheRange() {
        for (String bad : new String[] {"1073741825", "10", "64MiB", "-1"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageBound.parse(bad));
            assertTrue(e.getMessage().startsWith("-Dlox.cluster.maxMessageBytes must be a number of bytes from 1024 to 1073741824"
                    + " (1 GiB") && e.getMessage().contains("was '" + bad + "'"), e.getMessage());
        }
    }

    @Test
    void aCallOverTheBoundIsRefusedNamingItsSizeTheBoundAndTheSetting() {
        MessageBound.checkCall(4096, 4096, "the call of T.m"); // at the bound: sent
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> MessageBound.checkCall(4097, 4096, "the call of T.m"));
        assertTrue(e.getMessage().startsWith("the call of T.m is 4097 bytes encoded, more than the cluster's bound of 4096 bytes"
                + " (-Dlox.cluster.maxMessageBytes): nothing was sent"), e.getMessage());
    }
}
