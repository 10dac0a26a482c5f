namespace ImageGate.Scanning.Tests.Content;

/// <summary>Tests that look at every thread's scheduling priority run alone (see <see cref="SearchWorkersTests"/>).</summary>
[CollectionDefinition(SearchWorkersTests.Alone, DisableParallelization = true)]
public sealed class ThreadPrioritiesCollection;
