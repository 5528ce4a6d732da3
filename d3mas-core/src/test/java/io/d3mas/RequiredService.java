package io.d3mas;

import org.junit.jupiter.api.Assumptions;

/**
 * A test that needs a service we did not write (a database, a browser, an npm server): without it the test skips
 * and says why, except where {@code D3MAS_REQUIRE_SERVICES=1} (CI), where it fails.
 */
public final class RequiredService {

    private RequiredService() {}

    /**
     * Skips the calling test, or fails it in CI.
     *
     * @param why what is missing and how to get it
     */
    public static void missing(String why) {
        if ("1".equals(System.getenv("D3MAS_REQUIRE_SERVICES"))) {
            throw new AssertionError(why + "; D3MAS_REQUIRE_SERVICES=1: CI must run this test");
        }
        Assumptions.assumeTrue(false, why);
    }
}
