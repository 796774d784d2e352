using System.ComponentModel.DataAnnotations;

namespace Benny.Engines.Gguf.Tests.Grammar;

/// <summary>A C# enum for the typed structured-output tests (M.E.AI writes enums as their names).</summary>
public enum TicketPriority
{
    Low,
    Medium,
    High,
}

/// <summary>A nested record; the attributes become <c>maxLength</c>, <c>minimum</c> and <c>maximum</c> in M.E.AI's schema.</summary>
public sealed record TicketAddress([property: MaxLength(5)] string City, [property: System.ComponentModel.DataAnnotations.Range(1000, 9999)] int Zip);

/// <summary>A record with strings, an enum, a nested record, an array, a boolean, a date-time, a GUID and a nullable number.</summary>
public sealed record Ticket(
    [property: MaxLength(6)] string Title,
    TicketPriority Priority,
    TicketAddress Address,
    [property: MaxLength(2)] TicketPriority[] Related,
    bool Open,
    DateTime When,
    Guid Id,
    double? Score);
