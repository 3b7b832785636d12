package io.steadfast.operations.interfaces.rest;

import io.steadfast.web.input.JsonFields;
import io.steadfast.web.problem.ProblemException;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * The body of an operator action: why (always), a confirmation (for destructive actions), and the
 * action's own fields. Read strictly like every body of the API.
 */
@Schema(requiredProperties = {"reason"})
public record OperatorRequest(
        @Schema(description = "Why the operator takes this action; kept in the audit trail.", minLength = 1, maxLength = 500)
        String reason,
        @Schema(description = "true to confirm a destructive action (forget a participant, settle a payment, rebuild a disk).")
        Boolean confirm,
        @Schema(description = "settle: APPROVED (the acquirer took the money, or holds it for an authorization) or DECLINED.",
                enumeration = {"APPROVED", "DECLINED"})
        String outcome,
        @Schema(description = "settle: the acquirer's reference for an approved payment, when it gave one.", maxLength = 100)
        String acquirerReference,
        @Schema(description = "forget: the participant's id, as the in-doubt list gives it.")
        String participantId) {

    static final int MAX_REASON = 500;

    /** The body's fields; a missing or empty body is a 400 naming the reason. */
    public static OperatorRequest read(String body) {
        JsonFields f = JsonFields.parse(body);
        if (f == null) {
            throw ProblemException.badRequest("reason: is required: a JSON body such as {\"reason\": \"why you do this\"}.");
        }
        String reason = f.string("reason");
        if (reason == null || reason.isBlank()) {
            throw ProblemException.badRequest("reason: is required and may not be blank: say why you take this action.");
        }
        if (reason.length() > MAX_REASON) {
            throw ProblemException.badRequest("reason: at most " + MAX_REASON + " characters (it has " + reason.length() + ").");
        }
        String reference = f.string("acquirerReference");
        if (reference != null && reference.length() > 100) {
            throw ProblemException.badRequest("acquirerReference: at most 100 characters.");
        }
        return new OperatorRequest(reason.strip(), f.bool("confirm", false), f.string("outcome"), reference, f.string("participantId"));
    }

    /** A destructive action goes ahead only with {@code "confirm": true}. */
    public void requireConfirmation(String what) {
        if (!Boolean.TRUE.equals(confirm)) {
            throw ProblemException.badRequest("confirm: " + what + " cannot be undone; send \"confirm\": true to go ahead.");
        }
    }
}
