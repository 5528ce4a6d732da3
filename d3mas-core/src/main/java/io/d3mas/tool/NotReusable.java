package io.d3mas.tool;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a langchain4j {@code @Tool} method whose calls must never be reused: it acts (books, sends, writes,
 * toggles) or answers differently each time (time, random numbers). {@link AgentTool#from(Object)} reads it; for
 * other tools use {@link AgentTool#notReusable()}.
 *
 * @since 0.2.0
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface NotReusable {}
