package ng.vaxtrace.connector.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.connector.client.OpenLmis;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.LotReference;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.contracts.StockEvent;

/** Types serialised by Jackson by hand (events, problems, OpenLMIS DTOs); registered for native images. */
@RegisterForReflection(targets = { CloudEvent.class, StockEvent.class, Lot.class, FacilityReference.class, ProductReference.class,
        LotReference.class, Problem.class, FieldViolation.class, OpenLmis.Page.class, OpenLmis.Ref.class, OpenLmis.Zone.class,
        OpenLmis.Level.class, OpenLmis.Facility.class, OpenLmis.FacilityType.class, OpenLmis.Point.class, OpenLmis.SupportedProgram.class,
        OpenLmis.Program.class, OpenLmis.Orderable.class, OpenLmis.OrderableProgram.class, OpenLmis.Temperature.class,
        OpenLmis.Lot.class, OpenLmis.Summary.class, OpenLmis.Entry.class, OpenLmis.Fulfills.class, OpenLmis.StockCard.class,
        OpenLmis.LineItem.class, OpenLmis.Reason.class, OpenLmis.Party.class, OpenLmis.TokenResponse.class, OpenLmis.OAuthError.class })
public class NativeReflection {
}
