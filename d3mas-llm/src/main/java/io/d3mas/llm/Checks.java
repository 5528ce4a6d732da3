package io.d3mas.llm;

import io.d3mas.InvalidInputException;
import java.time.Duration;
import java.util.Objects;

/** Builder checks that name the field they reject. */
final class Checks {

    private Checks() {}

    static Duration positive(String field, Duration value) {
        Objects.requireNonNull(value, field);
        if (value.isNegative() || value.isZero()) {
            throw new InvalidInputException(field + " must be positive, was " + value);
        }
        return value;
    }
}
