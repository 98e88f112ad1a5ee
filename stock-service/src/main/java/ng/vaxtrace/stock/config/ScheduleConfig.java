package ng.vaxtrace.stock.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The immunisation schedule and wastage allowances from which a facility's need and max stock follow its target
 * population (metrics/ScheduleNeed, docs/domain-rules.md §5). Lists are {@code PRODUCT=value,...}; a product not listed
 * gets no need (Td and HPV target other groups than surviving infants). Diluents follow their vaccine.
 */
@ConfigMapping(prefix = "vaxtrace.stock.schedule")
public interface ScheduleConfig {

    /**
     * Doses each person of the target population gets in a year by the routine schedule (domain.md §2 schedule table:
     * BCG and HepB at birth; OPV at birth, 6, 10, 14 weeks; Penta and PCV at 6, 10, 14 weeks; Rota at 6, 10 weeks; IPV
     * at 14 weeks; measles at 9 and 15 months; YF at 9 months; MenA one dose, EST).
     */
    @WithDefault("BCG=1,HEPB=1,BOPV=4,PENTA=3,PCV=3,ROTA=2,IPV=1,MEASLES=2,YF=1,MENA=1")
    String dosesPerPerson();

    /**
     * Indicative maximum wastage rate per product, percent (WHO [S10]: 5 single-dose; lyophilised 50 for 10–20-dose
     * vials; liquid 25 for 10–20-dose, 10 for 2–6-dose vials); the wastage factor is 100 ÷ (100 − rate).
     */
    @WithDefault("BCG=50,HEPB=25,BOPV=25,PENTA=25,PCV=10,ROTA=5,IPV=10,MEASLES=50,YF=50,MENA=50")
    String maxWastagePercent();

    /** Share of the target population planned for (1.0: everyone; a coverage target below 1 lowers the need). */
    @WithDefault("1.0")
    double coverage();
}
