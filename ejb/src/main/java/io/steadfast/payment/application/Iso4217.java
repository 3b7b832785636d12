package io.steadfast.payment.application;

import jakarta.validation.Constraint;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;
import jakarta.validation.Payload;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.Currency;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The value is an ISO 4217 currency code in upper case that has a minor unit, such as {@code EUR}
 * (2 decimals), {@code JPY} (0) or {@code BHD} (3): amounts are whole numbers of that unit. Codes
 * without one ({@code XAU} gold, {@code XXX} no currency, {@code XTS} testing, other funds codes)
 * are refused, since an amount in them would not be exact. {@code null} is valid.
 */
@Documented
@Constraint(validatedBy = Iso4217.Validator.class)
@Target({ElementType.FIELD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
public @interface Iso4217 {

    String message() default "must be an ISO 4217 currency code with a minor unit, such as EUR, USD or JPY";

    Class<?>[] groups() default {};

    Class<? extends Payload>[] payload() default {};

    /** Checks against the JDK's currency table (its default fraction digits: -1 means no minor unit). */
    class Validator implements ConstraintValidator<Iso4217, String> {

        private static final Set<String> CODES = Currency.getAvailableCurrencies().stream()
                .filter(c -> c.getDefaultFractionDigits() >= 0).map(Currency::getCurrencyCode).collect(Collectors.toUnmodifiableSet());

        @Override
        public boolean isValid(String value, ConstraintValidatorContext context) {
            return value == null || CODES.contains(value);
        }
    }
}
