using ImageGate.Endorsement.Format;
using ImageGate.Endorsement.History;
using ImageGate.Endorsement.Inputs;

namespace ImageGate.Endorsement.Publishing.Catalogue;

/// <summary>One image version with what the list repository recorded beside it, for the catalogue pages.</summary>
internal sealed record CatalogueImage(
    ListEntry Entry,
    IReadOnlyList<PackageVersion> Packages,
    ScanReportSummary? Scan,
    BundleSummary? Bundle,
    HistoryEvent? Endorsement);
