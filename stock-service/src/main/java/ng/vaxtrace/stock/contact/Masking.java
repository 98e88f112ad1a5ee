package ng.vaxtrace.stock.contact;

import java.util.Arrays;
import java.util.stream.Collectors;

/** How personal data may appear where it must be referred to (audit log, toString): initials and the last two digits. */
public final class Masking {

    private Masking() {
    }

    /** "Amina Bello" → "A. B." */
    public static String name(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        return Arrays.stream(name.strip().split("\\s+")).map(part -> part.codePoints().limit(1)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append) + ".").collect(Collectors.joining(" "));
    }

    /** "+2348031234567" → "…67" */
    public static String phone(String phone) {
        if (phone == null || phone.length() < 2) {
            return null;
        }
        return "…" + phone.substring(phone.length() - 2);
    }
}
