package ng.vaxtrace.connector.sync;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ng.vaxtrace.connector.client.OpenLmis;

class ProgramNotFoundTest {

    @Test
    void shouldNameTheProgramsOpenLmisHasWhenTheConfiguredOneIsMissing() {
        var missing = new ReferenceSync.ProgramNotFound("EPI",
                List.of(new OpenLmis.Program("1", "PRG001", "Family Planning", true), new OpenLmis.Program("4", "PRG004", "EPI", true)));

        assertThat(missing.getMessage()).isEqualTo("program EPI not found in OpenLMIS; it has PRG001 (Family Planning), PRG004 (EPI); "
                + "set OPENLMIS_PROGRAM_CODE to one of them");
    }
}
