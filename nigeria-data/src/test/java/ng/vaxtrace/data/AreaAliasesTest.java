package ng.vaxtrace.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

import org.junit.jupiter.api.Test;

class AreaAliasesTest {

    private final Geography ng = Geography.nigeria();

    @Test
    void shouldNameOnlyStatesAndLgasThatExist() {
        assertThat(AreaAliases.nigeria().byArea()).isNotEmpty().allSatisfy((code, aliases) -> {
            assertThat(ng.area(code)).as(code).get().extracting(Area::level).isIn(Area.Level.STATE, Area.Level.LGA);
            assertThat(aliases).isNotEmpty().allSatisfy(a -> assertThat(a).isNotBlank());
        });
        assertThat(AreaAliases.nigeria().byArea().get("NG-FC-002")).contains("Abuja Municipal");
        assertThat(AreaAliases.nigeria().byArea().get("NG-NA-009")).contains("Nassarawa");
    }

    @Test
    void shouldNeverGiveAnAreaTheNameOfAnotherAreaOfTheSameParent() {
        Map<String, String> names = new HashMap<>();
        for (Area area : ng.all()) {
            names.put(area.parentCode() + "|" + fold(area.name()), area.code());
        }
        Map<String, String> aliases = new HashMap<>();
        AreaAliases.nigeria().byArea().forEach((code, list) -> {
            String parent = ng.area(code).orElseThrow().parentCode();
            for (String alias : list) {
                String key = parent + "|" + fold(alias);
                assertThat(names.getOrDefault(key, code)).as("alias %s of %s", alias, code).isEqualTo(code);
                assertThat(aliases.put(key, code)).as("alias %s used twice in %s", alias, parent).isIn(null, code);
            }
        });
    }

    private static String fold(String name) {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
