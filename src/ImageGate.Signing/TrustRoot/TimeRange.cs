namespace ImageGate.Signing.TrustRoot;

/// <summary>A closed validity interval of trusted material (<c>validFor</c>); a missing end means still valid.</summary>
public sealed record TimeRange(DateTimeOffset Start, DateTimeOffset? End)
{
    /// <summary>True when <paramref name="time"/> lies within the interval, both ends inclusive.</summary>
    public bool Contains(DateTimeOffset time) => time >= Start && (End is null || time <= End.Value);

    /// <inheritdoc />
    public override string ToString() => $"{Start:yyyy-MM-ddTHH:mm:ssZ} .. {(End is null ? "open" : End.Value.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture))}";
}
