package io.d3mas.embed.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.d3mas.graph.Provenance;
import io.d3mas.memory.MemoryRecord;
import io.d3mas.metrics.Vectors;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.KnnFloatVectorField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.document.StringField;
import org.apache.lucene.index.VectorSimilarityFunction;
import org.apache.lucene.util.BytesRef;

/**
 * How a memory record is a Lucene document: {@code id} and one {@code holder} per owner or sharer (indexed
 * terms), the unit vector (HNSW, dot product), the original embedding (little-endian floats), an insertion
 * sequence number for ties, and the rest of the record as JSON.
 */
final class LuceneDocuments {

    static final String ID = "id";
    static final String HOLDER = "holder";
    static final String VECTOR = "vector";
    private static final String EMBEDDING = "embedding";
    private static final String RECORD = "record";
    private static final String SEQUENCE = "sequence";
    private static final ObjectMapper JSON = new ObjectMapper();

    private LuceneDocuments() {}

    static Document document(MemoryRecord r, long sequence, int dimension) {
        Document doc = new Document();
        doc.add(new StringField(ID, r.id(), Field.Store.YES));
        for (String holder : r.owners()) {
            doc.add(new StringField(HOLDER, holder, Field.Store.NO));
        }
        float[] unit = Vectors.unit(r.embedding());
        doc.add(new KnnFloatVectorField(
                VECTOR, unit == null ? new float[dimension] : unit, VectorSimilarityFunction.DOT_PRODUCT));
        doc.add(new StoredField(EMBEDDING, bytes(r.embedding())));
        doc.add(new StoredField(SEQUENCE, sequence));
        doc.add(new StoredField(RECORD, json(r)));
        return doc;
    }

    private static String json(MemoryRecord r) {
        Map<String, Object> m = new HashMap<>();
        m.put("owner", r.ownerAgentId());
        m.put("content", r.content());
        m.put("contributors", r.provenance().contributors());
        m.put("source", r.provenance().source());
        m.put("sharedWith", r.sharedWith());
        m.put("related", r.related());
        try {
            return JSON.writeValueAsString(m);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write memory record '" + r.id() + "' as JSON", e);
        }
    }

    static MemoryRecord record(Document doc, float[] embedding) throws IOException {
        Map<String, Object> m = JSON.readValue(doc.get(RECORD), new TypeReference<Map<String, Object>>() {});
        return new MemoryRecord(
                doc.get(ID),
                (String) m.get("owner"),
                (String) m.get("content"),
                embedding,
                new Provenance(strings(m.get("contributors")), (String) m.get("source")),
                strings(m.get("sharedWith")),
                strings(m.get("related")));
    }

    private static List<String> strings(Object o) {
        return ((List<?>) o).stream().map(String::valueOf).collect(Collectors.toList());
    }

    static float[] embedding(Document doc) {
        return floats(doc.getBinaryValue(EMBEDDING));
    }

    static long sequence(Document doc) {
        return doc.getField(SEQUENCE).numericValue().longValue();
    }

    private static byte[] bytes(float[] v) {
        ByteBuffer b = ByteBuffer.allocate(4 * v.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return b.array();
    }

    private static float[] floats(BytesRef bytes) {
        float[] v = new float[bytes.length / 4];
        ByteBuffer.wrap(bytes.bytes, bytes.offset, bytes.length)
                .order(ByteOrder.LITTLE_ENDIAN)
                .asFloatBuffer()
                .get(v);
        return v;
    }
}
