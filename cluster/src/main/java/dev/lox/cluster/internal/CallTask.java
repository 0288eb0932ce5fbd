package dev.lox.cluster.internal;

import com.hazelcast.nio.ObjectDataInput;
import com.hazelcast.nio.ObjectDataOutput;
import com.hazelcast.nio.serialization.IdentifiedDataSerializable;
import dev.lox.worker.internal.CallCodec;
import java.io.IOException;
import java.util.concurrent.Callable;

/**
 * One lox call as a Hazelcast executor task: a signed envelope in, a signed envelope out. Hazelcast
 * moves it as {@link IdentifiedDataSerializable} (a factory id, a class id and a byte array: no class
 * is named on the wire, and no Java serialization is involved); the member checks the envelope's
 * signature ({@link Envelope#open}), and only then decodes the call and runs it as a process worker
 * would ({@link CallCodec#serve}). The call's own exception travels inside the result, so that it
 * comes back as itself; what this task throws is lox's refusal or fault, never the user's.
 */
public final class CallTask implements Callable<byte[]>, IdentifiedDataSerializable {
    private byte[] envelope;

    /** For Hazelcast's factory ({@link LoxSerialization}). */
    public CallTask() {
    }

    public CallTask(byte[] envelope) {
        this.envelope = envelope;
    }

    @Override
    public byte[] call() {
        MemberRuntime member = MemberRuntime.current();
        byte[] message;
        try {
            message = Envelope.open(member.secret(), Envelope.REQUEST, envelope);
        } catch (SecurityException e) {
            member.refused(e);
            throw new SecurityException(RefusedCall.MARK + member.name() + " " + e.getMessage());
        }
        return Envelope.seal(member.secret(), Envelope.RESPONSE, CallCodec.serve(message));
    }

    @Override
    public int getFactoryId() {
        return LoxSerialization.FACTORY_ID;
    }

    @Override
    public int getClassId() {
        return LoxSerialization.CALL_TASK;
    }

    @Override
    public void writeData(ObjectDataOutput out) throws IOException {
        out.writeByteArray(envelope);
    }

    @Override
    public void readData(ObjectDataInput in) throws IOException {
        envelope = in.readByteArray();
    }
}
