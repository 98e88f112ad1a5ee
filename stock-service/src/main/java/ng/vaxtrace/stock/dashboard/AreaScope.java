package ng.vaxtrace.stock.dashboard;

/**
 * An area a query is restricted to, and the facility column that holds it. The column comes from this enum, never
 * from input, so it is safe to put into SQL.
 */
public record AreaScope(String code, String name, String level) {

    /** SQL condition on facility alias {@code f} with the area code as parameter {@code $n}. */
    public String condition(int parameter) {
        return switch (level) {
            case "COUNTRY" -> "($" + parameter + "::text is not null)";
            case "ZONE" -> "f.zone_code = $" + parameter;
            case "STATE" -> "f.state_code = $" + parameter;
            case "LGA" -> "f.lga_code = $" + parameter;
            default -> throw new IllegalStateException("unknown area level " + level);
        };
    }
}
