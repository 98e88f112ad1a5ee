package ng.vaxtrace.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;

import org.junit.jupiter.api.Test;

class CsvTest {

    @Test
    void shouldQuoteFieldsWithCommasQuotesAndLineBreaksAsRfc4180Says() {
        String csv = new Csv(List.of("a", "b", "c")).row("x,y", "say \"hi\"", "two\nlines").toString();

        assertThat(csv).isEqualTo("a,b,c\r\n\"x,y\",\"say \"\"hi\"\"\",\"two\nlines\"\r\n");
    }

    @Test
    void shouldKeepCellsThatASpreadsheetWouldRunAsFormulasAsText() {
        assertThat(Csv.text("=HYPERLINK(\"http://evil\")")).isEqualTo("\"'=HYPERLINK(\"\"http://evil\"\")\"");
        assertThat(Csv.text("+1")).isEqualTo("'+1");
        assertThat(Csv.text("-2+3")).isEqualTo("'-2+3");
        assertThat(Csv.text("@SUM(A1)")).isEqualTo("'@SUM(A1)");
        assertThat(Csv.text("\tcmd")).isEqualTo("'\tcmd");
        assertThat(Csv.text("Kano PHC")).isEqualTo("Kano PHC");
    }

    @Test
    void shouldWriteNumbersAsNumbersAndNullsAsEmptyCells() {
        String csv = new Csv(List.of("n", "d", "none")).row(-5L, new BigDecimal("0.3300"), null).toString();

        assertThat(csv).endsWith("-5,0.3300,\r\n");
    }

    @Test
    void shouldLetADownloadHoldUpTo10000RowsAndAJsonPageItsOwnLimit() {
        assertThat(Csv.limit(null, true, 50, 500)).isEqualTo(Csv.MAX_ROWS);
        assertThat(Csv.limit("10000", true, 50, 500)).isEqualTo(10_000);
        assertThat(Csv.limit(null, false, 50, 500)).isEqualTo(50);
        assertThatThrownBy(() -> Csv.limit("501", false, 50, 500)).isInstanceOf(ProblemException.class).hasMessageContaining("limit");
        assertThatThrownBy(() -> Csv.limit("10001", true, 50, 500)).isInstanceOf(ProblemException.class).hasMessageContaining("limit");
    }
}
