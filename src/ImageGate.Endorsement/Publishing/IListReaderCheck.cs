namespace ImageGate.Endorsement.Publishing;

/// <summary>The sites' own reader of <c>endorsed-images.json</c>, run on the list before it is signed, so that
/// <see cref="ListPublisher"/> never signs a list a site would refuse (lengths, names, locations). The Cli wires the
/// Site library's reader; Endorsement does not repeat its rules.</summary>
public interface IListReaderCheck
{
    /// <summary>Reads <paramref name="list"/> as a site would; throws <see cref="Core.Errors.BadInputException"/>
    /// (naming <paramref name="source"/> and the field) when a site would refuse it.</summary>
    void Check(ReadOnlyMemory<byte> list, string source);
}
