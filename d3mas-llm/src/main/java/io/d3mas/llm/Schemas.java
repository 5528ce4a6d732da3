package io.d3mas.llm;

import dev.langchain4j.model.chat.request.json.JsonArraySchema;
import dev.langchain4j.model.chat.request.json.JsonIntegerSchema;
import dev.langchain4j.model.chat.request.json.JsonObjectSchema;
import dev.langchain4j.model.chat.request.json.JsonSchema;
import dev.langchain4j.model.chat.request.json.JsonStringSchema;

/** The JSON shapes the components ask for (sent as {@code response_format} where the server supports it). */
final class Schemas {

    private Schemas() {}

    private static JsonArraySchema strings() {
        return JsonArraySchema.builder().items(new JsonStringSchema()).build();
    }

    static final JsonSchema DECOMPOSITION = JsonSchema.builder()
            .name("decomposition")
            .rootElement(JsonObjectSchema.builder()
                    .addBooleanProperty("atomic")
                    .addProperty(
                            "subtasks",
                            JsonArraySchema.builder()
                                    .items(JsonObjectSchema.builder()
                                            .addStringProperty("task")
                                            .addProperty(
                                                    "dependsOn",
                                                    JsonArraySchema.builder()
                                                            .items(new JsonIntegerSchema())
                                                            .build())
                                            .addBooleanProperty("atomic")
                                            .required("task", "dependsOn", "atomic")
                                            .additionalProperties(false)
                                            .build())
                                    .build())
                    .required("atomic", "subtasks")
                    .additionalProperties(false)
                    .build())
            .build();

    static final JsonSchema REASONING = JsonSchema.builder()
            .name("reasoning")
            .rootElement(JsonObjectSchema.builder()
                    .addStringProperty("answer")
                    .addStringProperty("conclusion")
                    .addProperty("premises", strings())
                    .addNumberProperty("confidence")
                    .addProperty("needs", strings())
                    .addProperty("usedMemory", strings())
                    .required("answer", "conclusion", "premises", "confidence", "needs", "usedMemory")
                    .additionalProperties(false)
                    .build())
            .build();

    static final JsonSchema SYNTHESIS = JsonSchema.builder()
            .name("synthesis")
            .rootElement(JsonObjectSchema.builder()
                    .addStringProperty("answer")
                    .addProperty("used", strings())
                    .required("answer", "used")
                    .additionalProperties(false)
                    .build())
            .build();
}
