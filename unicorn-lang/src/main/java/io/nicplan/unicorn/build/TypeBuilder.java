package io.nicplan.unicorn.build;

import io.nicplan.graph.config.ConfigType;
import io.nicplan.unicorn.parser.UnicornBaseVisitor;
import io.nicplan.unicorn.parser.UnicornParser;
import io.nicplan.unicorn.report.Reporter;
import io.nicplan.unicorn.syntax.Locator;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Builds {@link ConfigType} values from type expressions, reporting what the type's own
 * constructors would reject (an empty Int range, a UInt width outside 1..63, list bounds out of
 * order, repeated symbols or fields) at the place it is written.
 */
final class TypeBuilder extends UnicornBaseVisitor<Optional<ConfigType>> {
    private final IntEvaluator evaluator;
    private final Reporter reporter;
    private final int maxDepth;
    private Scope scope;
    private Locator at;
    private int depth;

    TypeBuilder(IntEvaluator evaluator, Reporter reporter, int maxDepth) {
        this.evaluator = evaluator;
        this.reporter = reporter;
        this.maxDepth = maxDepth;
    }

    Optional<ConfigType> build(UnicornParser.ConfigTypeContext type, Scope inScope, Locator locator) {
        scope = inScope;
        at = locator;
        depth = 0;
        return visit(type);
    }

    @Override
    public Optional<ConfigType> visitOptionalType(UnicornParser.OptionalTypeContext ctx) {
        int opens = ctx.LT().size();
        int closes = ctx.GT().size();
        // '<' runs are not brackets the pre-scan counts; bound them here so values stay shallow.
        if (depth + opens > maxDepth) {
            reporter.report(at.error(ctx.LT(0).getSymbol(), "types are nested deeper than " + maxDepth + " levels"));
            return Optional.empty();
        }
        depth += opens;
        Optional<ConfigType> inner = visit(ctx.coreType());
        depth -= opens;
        if (opens != closes) {
            reporter.report(at.error(ctx.GT(0).getSymbol(), "'<' and '>' do not match: " + opens + " '<' but " + closes + " '>'"));
            return Optional.empty();
        }
        for (int i = 0; i < opens && inner.isPresent(); i++) {
            inner = Optional.of(new ConfigType.OptionalType(inner.get()));
        }
        return inner;
    }

    @Override
    public Optional<ConfigType> visitPlainType(UnicornParser.PlainTypeContext ctx) {
        return visit(ctx.coreType());
    }

    @Override
    public Optional<ConfigType> visitBoolType(UnicornParser.BoolTypeContext ctx) {
        return Optional.of(ConfigType.BOOL);
    }

    @Override
    public Optional<ConfigType> visitIntType(UnicornParser.IntTypeContext ctx) {
        OptionalLong lo = evaluator.evaluate(ctx.intOperand(0), scope, at);
        OptionalLong hi = evaluator.evaluate(ctx.intOperand(1), scope, at);
        if (lo.isEmpty() || hi.isEmpty()) {
            return Optional.empty();
        }
        if (lo.getAsLong() > hi.getAsLong()) {
            reporter.report(at.error(ctx.intOperand(0).getStart(), "Int range " + lo.getAsLong() + ".." + hi.getAsLong()
                    + " is empty: the low bound is above the high bound"));
            return Optional.empty();
        }
        return Optional.of(new ConfigType.IntType(lo.getAsLong(), hi.getAsLong()));
    }

    @Override
    public Optional<ConfigType> visitUintType(UnicornParser.UintTypeContext ctx) {
        OptionalLong bits = evaluator.evaluate(ctx.intOperand(), scope, at);
        if (bits.isEmpty()) {
            return Optional.empty();
        }
        if (bits.getAsLong() < 1 || bits.getAsLong() > 63) {
            reporter.report(at.error(ctx.intOperand().getStart(), "UInt width " + bits.getAsLong() + " is not in 1..63"));
            return Optional.empty();
        }
        return Optional.of(new ConfigType.UIntType((int) bits.getAsLong()));
    }

    @Override
    public Optional<ConfigType> visitEnumType(UnicornParser.EnumTypeContext ctx) {
        List<String> symbols = new ArrayList<>();
        boolean ok = true;
        for (UnicornParser.AnyIdentContext symbol : ctx.anyIdent()) {
            if (symbols.contains(symbol.getText())) {
                reporter.report(at.error(symbol.getStart(), "enum symbol '" + symbol.getText() + "' is listed twice"));
                ok = false;
            } else {
                symbols.add(symbol.getText());
            }
        }
        return ok ? Optional.of(new ConfigType.EnumType(symbols)) : Optional.empty();
    }

    @Override
    public Optional<ConfigType> visitListType(UnicornParser.ListTypeContext ctx) {
        if (++depth > maxDepth) {
            depth--;
            reporter.report(at.error(ctx.getStart(), "types are nested deeper than " + maxDepth + " levels"));
            return Optional.empty();
        }
        Optional<ConfigType> element = visit(ctx.configType());
        depth--;
        OptionalLong min = evaluator.evaluate(ctx.intSum(0), scope, at);
        OptionalLong max = evaluator.evaluate(ctx.intSum(1), scope, at);
        if (element.isEmpty() || min.isEmpty() || max.isEmpty()) {
            return Optional.empty();
        }
        long lo = min.getAsLong();
        long hi = max.getAsLong();
        if (lo < 0) {
            return fail(ctx.intSum(0), "list minimum length " + lo + " is negative");
        }
        if (hi > Integer.MAX_VALUE) {
            return fail(ctx.intSum(1), "list maximum length " + hi + " is larger than " + Integer.MAX_VALUE);
        }
        if (lo > hi) {
            return fail(ctx.intSum(0), "list bounds <" + lo + ", " + hi + ">: the minimum length is above the maximum");
        }
        return Optional.of(new ConfigType.ListType(element.get(), (int) lo, (int) hi));
    }

    @Override
    public Optional<ConfigType> visitTupleType(UnicornParser.TupleTypeContext ctx) {
        List<ConfigType.Field> fields = new ArrayList<>();
        Set<String> names = new HashSet<>();
        boolean ok = true;
        for (UnicornParser.TupleFieldContext f : ctx.tupleField()) {
            String name = f.anyIdent().getText();
            depth++;
            Optional<ConfigType> type = visit(f.configType());
            depth--;
            if (!names.add(name)) {
                reporter.report(at.error(f.getStart(), "tuple field '" + name + "' is declared twice"));
                ok = false;
            }
            if (type.isEmpty()) {
                ok = false;
            } else {
                fields.add(new ConfigType.Field(name, type.get()));
            }
        }
        return ok ? Optional.of(new ConfigType.TupleType(fields)) : Optional.empty();
    }

    private Optional<ConfigType> fail(org.antlr.v4.runtime.ParserRuleContext where, String message) {
        reporter.report(at.error(where.getStart(), message));
        return Optional.empty();
    }

    @Override
    protected Optional<ConfigType> defaultResult() {
        return Optional.empty();
    }
}
