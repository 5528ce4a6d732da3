package io.d3mas.examples.spring;

import dev.langchain4j.model.chat.ChatModel;
import dev.langchain4j.model.embedding.EmbeddingModel;
import io.d3mas.D3Mas;
import io.d3mas.InvalidInputException;
import io.d3mas.SolveSettings;
import io.d3mas.agent.Agent;
import io.d3mas.agent.ArithmeticAgent;
import io.d3mas.agent.RetrievalAgent;
import io.d3mas.event.SolveListener;
import io.d3mas.examples.spring.D3MasProperties.AgentProperties;
import io.d3mas.llm.LlmAgent;
import io.d3mas.llm.LlmClient;
import io.d3mas.llm.LlmDecomposer;
import io.d3mas.llm.LlmSynthesizer;
import io.d3mas.memory.Knowledge;
import io.d3mas.memory.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.springframework.beans.BeansException;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * A {@link D3Mas} bean from {@code d3mas.*} properties and the application's beans: a langchain4j
 * {@link EmbeddingModel} (required), a langchain4j {@link ChatModel} (optional: LLM decomposer, synthesizer and
 * agents), a {@link MemoryStore}, {@link SolveListener}s, named {@link Agent} beans, and
 * {@link D3MasCustomizer}s called last. See {@code docs/spring-boot.md}.
 *
 * @since 0.1.0
 */
@AutoConfiguration
@ConditionalOnClass(D3Mas.class)
@ConditionalOnProperty(prefix = "d3mas", name = "enabled", havingValue = "true", matchIfMissing = true)
@EnableConfigurationProperties(D3MasProperties.class)
public class D3MasAutoConfiguration {

    /** Where remembered facts come from, in their provenance. */
    static final String FACTS_SOURCE = "application properties";

    /** The client over the application's {@code ChatModel}; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnBean(ChatModel.class)
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "d3mas.llm", name = "enabled", havingValue = "true", matchIfMissing = true)
    public LlmClient d3masLlmClient(ChatModel chatModel, D3MasProperties properties) {
        D3MasProperties.Llm llm = properties.llm();
        LlmClient.Builder b = LlmClient.builder(chatModel).name("d3mas");
        try {
            if (llm.callTimeout() != null) {
                b.callTimeout(llm.callTimeout());
            }
            if (llm.maxConcurrentCalls() != null) {
                b.maxConcurrentCalls(llm.maxConcurrentCalls());
            }
            if (llm.maxRetries() != null) {
                b.maxRetries(llm.maxRetries());
            }
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new InvalidInputException("d3mas.llm: " + e.getMessage(), e);
        }
        return b.build();
    }

    /** The team; closed with the context. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public D3Mas d3mas(
            D3MasProperties properties,
            ObjectProvider<EmbeddingModel> embeddingModel,
            ObjectProvider<LlmClient> llmClient,
            ObjectProvider<MemoryStore> memoryStore,
            ObjectProvider<SolveListener> listeners,
            ObjectProvider<D3MasCustomizer> customizers,
            BeanFactory beans) {
        EmbeddingModel embeddings = embeddingModel.getIfAvailable();
        if (embeddings == null) {
            throw new InvalidInputException("a D3MAS team needs a langchain4j EmbeddingModel bean; define one (e.g."
                    + " BgeEmbeddingModel.bgeSmallEnV15Quantized().build() from d3mas-embed) or set"
                    + " d3mas.enabled=false");
        }
        if (properties.agents().isEmpty()) {
            throw new InvalidInputException("d3mas.agents is empty; list the team's agents, each with an id and a"
                    + " description (docs/spring-boot.md)");
        }
        LlmClient llm = llmClient.getIfAvailable();
        D3Mas.Builder builder = D3Mas.builder().embeddingModel(embeddings).settings(settings(properties));
        if (llm != null) {
            builder.decomposer(new LlmDecomposer(llm)).synthesizer(new LlmSynthesizer(llm));
        }
        List<Knowledge> facts = new ArrayList<>();
        for (int i = 0; i < properties.agents().size(); i++) {
            AgentProperties a = properties.agents().get(i);
            String at = "d3mas.agents[" + i + "]";
            String id = required(a.id(), at + ".id", "the agent's id");
            String description =
                    required(a.description(), at + ".description", "what agent '" + id + "' knows (its profile)");
            builder.agent(id, description, agent(a, at, llm, beans));
            a.facts().forEach(f -> facts.add(new Knowledge(id, f, FACTS_SOURCE)));
        }
        memoryStore.ifAvailable(builder::memoryStore);
        listeners.orderedStream().forEach(builder::listener);
        if (!properties.messagePassing()) {
            builder.withoutMessagePassing();
        }
        if (properties.virtualThreads()) {
            builder.virtualThreads();
        }
        customizers.orderedStream().forEach(c -> c.customize(builder));
        D3Mas team = builder.build();
        try {
            if (!facts.isEmpty()) {
                team.rememberAll(facts);
            }
            return team;
        } catch (RuntimeException e) {
            team.close();
            throw e;
        }
    }

    private static Agent agent(AgentProperties a, String at, @Nullable LlmClient llm, BeanFactory beans) {
        if (a.bean() != null) {
            if (a.kind() != null) {
                throw new InvalidInputException(
                        at + " sets both kind '" + a.kind() + "' and bean '" + a.bean() + "'; keep one");
            }
            try {
                return beans.getBean(a.bean(), Agent.class);
            } catch (BeansException e) {
                throw new InvalidInputException(
                        at + ".bean '" + a.bean() + "' is not an Agent bean of this application: " + e.getMessage(), e);
            }
        }
        String kind = a.kind() == null
                ? (llm == null ? "retrieval" : "llm")
                : a.kind().strip().toLowerCase(Locale.ROOT);
        switch (kind) {
            case "retrieval":
                return new RetrievalAgent();
            case "arithmetic":
                return new ArithmeticAgent();
            case "llm":
                if (llm == null) {
                    throw new InvalidInputException(at + ".kind is llm, but the application has no langchain4j"
                            + " ChatModel bean (or d3mas.llm.enabled is false)");
                }
                return LlmAgent.of(llm);
            default:
                throw new InvalidInputException(at + ".kind '" + a.kind()
                        + "' is not one of llm, retrieval, arithmetic; for your own agent name its bean with " + at
                        + ".bean");
        }
    }

    private static String required(@Nullable String value, String property, String what) {
        if (value == null || value.isBlank()) {
            throw new InvalidInputException(property + " is missing: set it to " + what);
        }
        return value;
    }

    private static SolveSettings settings(D3MasProperties p) {
        SolveSettings.Builder b = SolveSettings.builder();
        try {
            if (p.topK() != null) {
                b.topK(p.topK());
            }
            if (p.threshold() != null) {
                b.threshold(p.threshold());
            }
            if (p.maxConcurrency() != null) {
                b.maxConcurrency(p.maxConcurrency());
            }
            if (p.maxDepth() != null) {
                b.maxDepth(p.maxDepth());
            }
            if (p.minConfidence() != null) {
                b.minConfidence(p.minConfidence());
            }
            if (p.maxFeedbackRounds() != null) {
                b.maxFeedbackRounds(p.maxFeedbackRounds());
            }
            if (p.solveTimeout() != null) {
                b.solveTimeout(p.solveTimeout());
            }
            if (p.taskTimeout() != null) {
                b.taskTimeout(p.taskTimeout());
            }
            if (p.tokenBudget() != null) {
                b.tokenBudget(p.tokenBudget());
            }
            if (p.llmCallBudget() != null) {
                b.llmCallBudget(p.llmCallBudget());
            }
            return b.build();
        } catch (IllegalArgumentException | InvalidInputException e) {
            throw new InvalidInputException("d3mas: " + e.getMessage(), e);
        }
    }
}
