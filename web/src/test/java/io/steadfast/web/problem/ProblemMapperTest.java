package io.steadfast.web.problem;

import io.steadfast.payment.application.IdempotencyConflictException;
import jakarta.ejb.EJBException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemMapperTest {

    @Test
    void unknownErrorsAre500WithOnlyAReference() {
        Problem p = ProblemMapper.problemFor(new NullPointerException("secret internals at io.steadfast.Foo"));
        assertThat(p.status()).isEqualTo(500);
        assertThat(p.detail()).startsWith("The server could not complete the request. Quote reference ")
                .doesNotContain("secret").doesNotContain("io.steadfast");
    }

    @Test
    void unwrapsEjbExceptionsToTheirCause() {
        Problem p = ProblemMapper.problemFor(new EJBException(new IdempotencyConflictException("in flight")));
        assertThat(p.status()).isEqualTo(409);
        assertThat(p.type()).isEqualTo("urn:steadfast:problem:idempotency-key-in-use");
    }

    @Test
    void aFlushFailureThatIsNoKeyConflictIsAServerErrorWithOnlyAReference() {
        Problem p = ProblemMapper.problemFor(new EJBException(new jakarta.persistence.PersistenceException("could not execute statement",
                new java.sql.SQLException("NULL not allowed for column \"RESPONSE_BODY\" at io.steadfast.Foo", "23502"))));
        assertThat(p.status()).isEqualTo(500);
        assertThat(p.type()).isEqualTo("urn:steadfast:problem:internal-error");
        assertThat(p.detail()).startsWith("The server could not complete the request. Quote reference ")
                .doesNotContain("already being processed").doesNotContain("RESPONSE_BODY").doesNotContain("io.steadfast");
    }

    @Test
    void problemExceptionsKeepTheirProblem() {
        Problem p = ProblemMapper.problemFor(ProblemException.badRequest("amount: is required"));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.detail()).isEqualTo("amount: is required");
    }

    @Test
    void anUnreadableReceiptHasItsOwnProblemNamingThePayment() {
        Problem p = ProblemMapper.problemFor(new EJBException(new io.steadfast.payment.application.ReceiptUnreadableException("pay-42",
                new IllegalStateException("object receipt-pay-42 is unrecoverable"))));
        assertThat(p.status()).isEqualTo(500);
        assertThat(p.type()).isEqualTo("urn:steadfast:problem:receipt-unreadable");
        assertThat(p.detail()).contains("pay-42").doesNotContain("unrecoverable");
    }

    @Test
    void aProblemExceptionIsFoundInsideAnyWrapper() {
        // RESTEasy wraps what a message body reader throws in its ReaderException.
        Problem p = ProblemMapper.problemFor(new RuntimeException(new IllegalStateException(ProblemException.badRequest("amount: no"))));
        assertThat(p.status()).isEqualTo(400);
        assertThat(p.detail()).isEqualTo("amount: no");
    }

    @Test
    void aClientsValueInADetailIsEscaped() {
        Problem p = ProblemMapper.problemFor(new EJBException(new io.steadfast.payment.application.PaymentNotFoundException("x\r\nSet-Cookie: a=1\u202E")));
        assertThat(p.status()).isEqualTo(404);
        assertThat(p.detail()).isEqualTo("There is no payment with id x\\u000D\\u000ASet-Cookie: a=1\\u202E.");
    }
}
