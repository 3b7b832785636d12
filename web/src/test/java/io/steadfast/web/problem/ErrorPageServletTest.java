package io.steadfast.web.problem;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the container's own errors become: problem documents, a 500 only a reference. */
class ErrorPageServletTest {

    @Test
    void anUnknownPathIsTheSame404AsInsideTheApi() {
        Problem p = ErrorPageServlet.problemFor(404, null);
        assertThat(p.status()).isEqualTo(404);
        assertThat(p.type()).isEqualTo("urn:steadfast:problem:not-found");
    }

    @Test
    void otherClientErrorsKeepTheirStatus() {
        assertThat(ErrorPageServlet.problemFor(405, null).type()).isEqualTo("urn:steadfast:problem:http-405");
        assertThat(ErrorPageServlet.problemFor(400, null).status()).isEqualTo(400);
    }

    @Test
    void anExceptionIsA500WithOnlyAReference() {
        Problem p = ErrorPageServlet.problemFor(500, new IllegalStateException("secret internals"));
        assertThat(p.status()).isEqualTo(500);
        assertThat(p.detail()).startsWith("The server could not complete the request. Quote reference ").doesNotContain("secret");
    }
}
