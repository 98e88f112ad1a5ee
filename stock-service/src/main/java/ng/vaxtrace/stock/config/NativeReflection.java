package ng.vaxtrace.stock.config;

import io.quarkus.runtime.annotations.RegisterForReflection;
import ng.vaxtrace.contracts.CloudEvent;
import ng.vaxtrace.contracts.FacilityArea;
import ng.vaxtrace.contracts.FieldViolation;
import ng.vaxtrace.contracts.Lot;
import ng.vaxtrace.contracts.Problem;
import ng.vaxtrace.contracts.StockEvent;
import ng.vaxtrace.contracts.StockLevelChanged;
import ng.vaxtrace.contracts.LevelMetrics;
import ng.vaxtrace.stock.adjustment.AdjustmentService;
import ng.vaxtrace.stock.adjustment.LedgerVoids;
import ng.vaxtrace.stock.audit.AuditLog;
import ng.vaxtrace.stock.contact.Contact;
import ng.vaxtrace.stock.contact.ContactService;
import ng.vaxtrace.stock.dashboard.DashboardViews;
import ng.vaxtrace.stock.messaging.StockEventConsumer;
import ng.vaxtrace.stock.metrics.ScheduleNeed;
import ng.vaxtrace.stock.metrics.Wastage;
import ng.vaxtrace.stock.rest.AdminResource;
import ng.vaxtrace.stock.rest.model.RejectedEventView;
import ng.vaxtrace.contracts.FacilityReference;
import ng.vaxtrace.contracts.ProductReference;
import ng.vaxtrace.contracts.LotReference;

/** Types serialised by Jackson outside of what Quarkus REST discovers itself; registered for native images. */
@RegisterForReflection(targets = { CloudEvent.class, StockEvent.class, Lot.class, StockLevelChanged.class, FacilityArea.class, FieldViolation.class,
        Problem.class, LevelMetrics.class, FacilityReference.class, ProductReference.class, LotReference.class, RejectedEventView.class,
        DashboardViews.AreaRef.class, DashboardViews.LocationNode.class, DashboardViews.FacilityDetail.class,
        DashboardViews.FacilityStock.class, DashboardViews.ProductStock.class, DashboardViews.LotStock.class,
        DashboardViews.AreaStock.class, DashboardViews.AreaProductStock.class, DashboardViews.Kpi.class, DashboardViews.Kpis.class,
        DashboardViews.LedgerLine.class, DashboardViews.LedgerPage.class, Contact.class, AdjustmentService.Applied.class,
        LedgerVoids.Voided.class,
        ContactService.ReEncryption.class, AuditLog.Entry.class, AuditLog.Page.class, AdminResource.Consumption.class,
        StockEventConsumer.WorkerState.class, Wastage.class, ScheduleNeed.Need.class })
public class NativeReflection {
}
