package io.pipelineledger.forecast.snapshot;

import io.pipelineledger.events.EventJson;
import io.pipelineledger.forecast.projection.ForecastLedger;
import org.axonframework.eventhandling.TrackingToken;
import org.axonframework.serialization.SerializedObject;
import org.axonframework.serialization.Serializer;
import org.axonframework.serialization.SimpleSerializedObject;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32;

/**
 * The snapshot's binary form: a header (magic, {@link #FORMAT}, length and CRC-32 of the body), then the body: the
 * positions it covers (the two processors' tokens, Axon-serialized; absent in the three-service mode, where the
 * journal's rows say it) and the read model ({@link ForecastLedger#write}). Anything that does not read back exactly
 * — another format, a wrong length or checksum, a body that does not decode — is {@link Unreadable}: the caller
 * rebuilds from the first event rather than serve numbers from a damaged read model.
 */
public final class ForecastSnapshotCodec {

    /** Bump whenever the body's layout or meaning changes (e.g. what {@code DealHistories} records per fact). */
    public static final int FORMAT = 3; // 2: deals' currencies and the exchange rates; 3: each fact's recording time
    private static final int MAGIC = 0x504C4653; // "PLFS"
    private static final int HEADER = 4 + 4 + 8 + 8;
    private static final Serializer TOKENS = EventJson.axonSerializer();

    /** The processors' positions a snapshot covers (null: none stored). */
    public record Positions(TrackingToken forecast, TrackingToken submissions) {
    }

    /** The snapshot cannot be used: a different format or damaged. */
    public static final class Unreadable extends Exception {
        Unreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private ForecastSnapshotCodec() {
    }

    public static byte[] encode(Positions positions, ForecastLedger ledger) {
        try {
            ByteArrayOutputStream body = new ByteArrayOutputStream(1 << 20);
            try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(body, 1 << 16))) {
                writeToken(out, positions.forecast());
                writeToken(out, positions.submissions());
                ledger.write(out);
            }
            byte[] bytes = body.toByteArray();
            CRC32 crc = new CRC32();
            crc.update(bytes);
            ByteBuffer snapshot = ByteBuffer.allocate(HEADER + bytes.length);
            snapshot.putInt(MAGIC).putInt(FORMAT).putLong(bytes.length).putLong(crc.getValue()).put(bytes);
            return snapshot.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Checks the snapshot, restores the ledger from it and returns the positions it covers. */
    public static Positions decode(byte[] snapshot, ForecastLedger ledger) throws Unreadable {
        if (snapshot.length < HEADER) {
            throw new Unreadable("a snapshot of " + snapshot.length + " bytes has no header", null);
        }
        ByteBuffer header = ByteBuffer.wrap(snapshot, 0, HEADER);
        int magic = header.getInt();
        int format = header.getInt();
        long length = header.getLong();
        long checksum = header.getLong();
        if (magic != MAGIC || format != FORMAT) {
            throw new Unreadable("snapshot format " + format + " (magic " + Integer.toHexString(magic)
                    + "), this version reads format " + FORMAT, null);
        }
        if (length != snapshot.length - HEADER) {
            throw new Unreadable("snapshot body of " + (snapshot.length - HEADER) + " bytes, header says " + length,
                    null);
        }
        CRC32 crc = new CRC32();
        crc.update(snapshot, HEADER, snapshot.length - HEADER);
        if (crc.getValue() != checksum) {
            throw new Unreadable("snapshot checksum mismatch", null);
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(
                new ByteArrayInputStream(snapshot, HEADER, snapshot.length - HEADER), 1 << 16))) {
            TrackingToken forecast = readToken(in);
            TrackingToken submissions = readToken(in);
            ledger.restore(in);
            if (in.read() != -1) {
                throw new IOException("bytes left after the read model");
            }
            return new Positions(forecast, submissions);
        } catch (IOException | RuntimeException e) {
            throw new Unreadable("snapshot body does not decode: " + e.getMessage(), e);
        }
    }

    private static void writeToken(DataOutputStream out, TrackingToken token) throws IOException {
        if (token == null) {
            out.writeBoolean(false);
            return;
        }
        SerializedObject<byte[]> serialized = TOKENS.serialize(token, byte[].class);
        out.writeBoolean(true);
        out.writeUTF(serialized.getType().getName());
        out.writeUTF(serialized.getType().getRevision() == null ? "" : serialized.getType().getRevision());
        out.writeInt(serialized.getData().length);
        out.write(serialized.getData());
    }

    private static TrackingToken readToken(DataInputStream in) throws IOException {
        if (!in.readBoolean()) {
            return null;
        }
        String type = in.readUTF();
        String revision = in.readUTF();
        int length = in.readInt();
        if (length < 0 || length > 64 << 20) {
            throw new IOException("a token of " + length + " bytes");
        }
        byte[] data = in.readNBytes(length);
        return TOKENS.deserialize(new SimpleSerializedObject<>(data, byte[].class, type,
                revision.isEmpty() ? null : revision));
    }
}
