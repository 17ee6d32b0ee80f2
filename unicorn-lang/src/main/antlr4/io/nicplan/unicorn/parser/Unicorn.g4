/*
 * The Unicorn language, nicplan dialect (docs/unicorn.md).
 *
 * Design notes:
 * - Recursion is bounded by bracket nesting: prefix operators ('!', '-') and optional-type
 *   angle brackets are loops, so a pre-scan of '{', '[' and '(' depth bounds the parser's stack.
 * - '<' and '>' are single tokens so that nested types such as <[UInt 8]<40,40>> lex; a shift
 *   is two adjacent '<' (or '>') tokens, checked by the builder.
 * - Names are sequences of adjacent parts (Q{q}Valid). A word after '}' and a '.' inside a
 *   reference continue a name only when adjacent (no space), so "[A .B]" is two targets.
 *   A '{' after a name always continues it; the builder reports "Q {q}" (with a space).
 */
grammar Unicorn;

@parser::members {
    /** True when the next token starts exactly where the previous one ended (no space or comment between). */
    private boolean adjacent() {
        Token previous = _input.LT(-1);
        Token next = _input.LT(1);
        return previous != null && next != null && previous.getStopIndex() + 1 == next.getStartIndex();
    }
}

// ---------------------------------------------------------------- files and items

unit        : topItem* EOF ;
topItem     : graphDecl | item ;
graphDecl   : graphHeader item* RBRACE ;
// The main file is parsed one item at a time (header, items, closing brace), so that the tree of
// a large description never exists all at once; see SyntaxParser.streamUnit.
graphHeader : GRAPH anyIdent LBRACE ;
graphEnd    : RBRACE ;

item
    : importDecl
    | paramDecl
    | resourceDecl
    | clusterDecl
    | nodeDecl
    | forItem
    ;

importDecl   : IMPORT STRING ;
paramDecl    : PARAM ID ASSIGN intExpr (IN intExpr DOTDOT intExpr)? ;
resourceDecl : RESOURCE ID ASSIGN intExpr ;
clusterDecl  : CLUSTER declName LBRACE item* RBRACE ;
forItem      : FOR ID IN intExpr DOTDOT intExpr LBRACE item* RBRACE ;

nodeDecl     : nodeKind declName LBRACE nodeStmt* RBRACE ;
nodeKind     : NODE | BOOLEAN | AND | OR | NAND | NOR | CONFIG ;

nodeStmt
    : ATTR STRING                                                  # attrStmt
    | IMPLEMENTATION STRING                                        # implementationStmt
    | CYCLES intExpr                                               # cyclesStmt
    | PORT declName LBRACK reference* RBRACK (WHEN predExpr)?      # portStmt
    | PREDICATE declName predExpr                                  # predicateStmt
    | SPAWN declName LBRACK reference* RBRACK                      # spawnStmt
    | TYPE configType                                              # typeStmt
    | FUNCTION anyIdent                                            # functionStmt
    | USES ID (COMMA ID)*                                          # usesStmt
    | FOR ID IN intExpr DOTDOT intExpr LBRACE nodeStmt* RBRACE     # nodeForStmt
    ;

// ---------------------------------------------------------------- names and references
// Identifiers (keywords included) are inline token sets rather than an anyIdent rule: a large
// description has millions of them, and each rule adds a parse-tree node.

declName     : first=(ID | IMPORT | GRAPH | CLUSTER | PARAM | RESOURCE | FOR | IN | NODE | BOOLEAN | AND | OR
                 | NAND | NOR | CONFIG | ATTR | IMPLEMENTATION | CYCLES | PORT | WHEN | PREDICATE | SPAWN
                 | TYPE | FUNCTION | USES | TRUE | FALSE | BOOL_T | INT_T | UINT_T | ENUM_T) namePart* ;
namePart     : interpolation
             | {adjacent()}? word=(ID | IMPORT | GRAPH | CLUSTER | PARAM | RESOURCE | FOR | IN | NODE | BOOLEAN | AND | OR
                 | NAND | NOR | CONFIG | ATTR | IMPLEMENTATION | CYCLES | PORT | WHEN | PREDICATE | SPAWN
                 | TYPE | FUNCTION | USES | TRUE | FALSE | BOOL_T | INT_T | UINT_T | ENUM_T | INT) ;
interpolation: LBRACE intExpr (DOTDOT intExpr)? RBRACE ;

reference    : dots? refSegment ({adjacent()}? DOT refSegment)* ;
dots         : (DOT | DOTDOT)+ ;
refSegment   : first=(ID | IMPORT | GRAPH | CLUSTER | PARAM | RESOURCE | FOR | IN | NODE | BOOLEAN | AND | OR
                 | NAND | NOR | CONFIG | ATTR | IMPLEMENTATION | CYCLES | PORT | WHEN | PREDICATE | SPAWN
                 | TYPE | FUNCTION | USES | TRUE | FALSE | BOOL_T | INT_T | UINT_T | ENUM_T) namePart* ;

// ---------------------------------------------------------------- integer expressions
// One flat rule per expression; precedence (* / % over + - over << >>) is applied when the
// builder compiles it. A shift is two adjacent '<' (or '>') tokens.

intExpr      : intOperand ((PLUS | MINUS | STAR | SLASH | PERCENT | LT LT | GT GT) intOperand)* ;
intSum       : intOperand ((PLUS | MINUS | STAR | SLASH | PERCENT) intOperand)* ;   // no top-level shift
fragmentExpr : intExpr EOF ;                     // a '{EXPR}' inside a string, parsed on its own
intOperand   : MINUS* (INT | HEX | ID | LPAREN intExpr RPAREN) ;

// ---------------------------------------------------------------- configuration types

configType   : LT+ coreType GT+                                    # optionalType
             | coreType                                            # plainType
             ;
coreType
    : BOOL_T                                                       # boolType
    | INT_T intOperand intOperand                                  # intType
    | UINT_T intOperand                                            # uintType
    | ENUM_T LPAREN anyIdent (COMMA anyIdent)* RPAREN              # enumType
    | LBRACK configType RBRACK LT intSum COMMA intSum GT            # listType
    | LPAREN tupleField (COMMA tupleField)* RPAREN                 # tupleType
    ;
tupleField   : anyIdent COLON configType ;

// ---------------------------------------------------------------- predicate expressions

// One flat chain per expression; '&&' binds tighter than '||', applied by the builder.
predExpr     : predTerm ((ANDAND | OROR) predTerm)* ;
predTerm     : BANG* predPrimary ;
predPrimary
    : LPAREN predExpr RPAREN                                       # parenPred
    | TRUE                                                         # truePred
    | FALSE                                                        # falsePred
    | field (EQ | NE) value                                        # eqAtom
    | field AMP value EQ value                                     # maskAtom
    | field (LT | LE | GT | GE) value                              # compareAtom
    | field IN value DOTDOT value                                  # rangeAtom
    | field IN LBRACE value (COMMA value)* RBRACE                  # setAtom
    | field IN IPV4 SLASH INT                                      # prefixAtom
    | field (EQ | NE) IPV6                                         # ipv6EqAtom
    | field IN IPV6 SLASH INT                                      # ipv6PrefixAtom
    ;
field        : ID (DOT (ID | IMPORT | GRAPH | CLUSTER | PARAM | RESOURCE | FOR | IN | NODE | BOOLEAN | AND | OR
                 | NAND | NOR | CONFIG | ATTR | IMPLEMENTATION | CYCLES | PORT | WHEN | PREDICATE | SPAWN
                 | TYPE | FUNCTION | USES | TRUE | FALSE | BOOL_T | INT_T | UINT_T | ENUM_T))+ ;
value        : INT | HEX | IPV4 | MAC | LBRACE intExpr RBRACE
             | ID | IMPORT | GRAPH | CLUSTER | PARAM | RESOURCE | FOR | IN | NODE | BOOLEAN | AND | OR
                 | NAND | NOR | CONFIG | ATTR | IMPLEMENTATION | CYCLES | PORT | WHEN | PREDICATE | SPAWN
                 | TYPE | FUNCTION | USES | TRUE | FALSE | BOOL_T | INT_T | UINT_T | ENUM_T ;

// Keywords may name nodes, ports, clusters, fields and symbols (port true[..], eth.type); the
// frequent places above repeat this set inline.
anyIdent
    : ID | IMPORT | GRAPH | CLUSTER | PARAM | RESOURCE | FOR | IN | NODE | BOOLEAN | AND | OR
    | NAND | NOR | CONFIG | ATTR | IMPLEMENTATION | CYCLES | PORT | WHEN | PREDICATE | SPAWN
    | TYPE | FUNCTION | USES | TRUE | FALSE | BOOL_T | INT_T | UINT_T | ENUM_T
    ;

// ---------------------------------------------------------------- lexer

IMPORT         : 'import' ;
GRAPH          : 'graph' ;
CLUSTER        : 'cluster' ;
PARAM          : 'param' ;
RESOURCE       : 'resource' ;
FOR            : 'for' ;
IN             : 'in' ;
NODE           : 'node' ;
BOOLEAN        : 'boolean' ;
AND            : 'and' ;
OR             : 'or' ;
NAND           : 'nand' ;
NOR            : 'nor' ;
CONFIG         : 'config' ;
ATTR           : 'attr' ;
IMPLEMENTATION : 'implementation' ;
CYCLES         : 'cycles' ;
PORT           : 'port' ;
WHEN           : 'when' ;
PREDICATE      : 'predicate' ;
SPAWN          : 'spawn' ;
TYPE           : 'type' ;
FUNCTION       : 'function' ;
USES           : 'uses' ;
TRUE           : 'true' ;
FALSE          : 'false' ;
BOOL_T         : 'Bool' ;
INT_T          : 'Int' ;
UINT_T         : 'UInt' ;
ENUM_T         : 'Enum' ;

LBRACE   : '{' ;
RBRACE   : '}' ;
LBRACK   : '[' ;
RBRACK   : ']' ;
LPAREN   : '(' ;
RPAREN   : ')' ;
LE       : '<=' ;
GE       : '>=' ;
LT       : '<' ;
GT       : '>' ;
EQ       : '==' ;
NE       : '!=' ;
ASSIGN   : '=' ;
ANDAND   : '&&' ;
OROR     : '||' ;
BANG     : '!' ;
AMP      : '&' ;
DOTDOT   : '..' ;
DOT      : '.' ;
COMMA    : ',' ;
COLON    : ':' ;
PLUS     : '+' ;
MINUS    : '-' ;
STAR     : '*' ;
SLASH    : '/' ;
PERCENT  : '%' ;

MAC      : HEXBYTE ':' HEXBYTE ':' HEXBYTE ':' HEXBYTE ':' HEXBYTE ':' HEXBYTE ;
IPV4     : DIGITS '.' DIGITS '.' DIGITS '.' DIGITS ;
// RFC 4291 2.2 text: eight groups, or '::' standing for one or more zero groups (no dotted-quad tail;
// the builder reads the text with io.nicplan.net.Ipv6Address). A MAC has six groups and no '::'.
IPV6     : H16 ':' H16 ':' H16 ':' H16 ':' H16 ':' H16 ':' H16 ':' H16
         | (H16 (':' H16)*)? '::' (H16 (':' H16)*)? ;
fragment H16 : [0-9a-fA-F] ([0-9a-fA-F] ([0-9a-fA-F] [0-9a-fA-F]?)?)? ;
HEX      : '0' [xX] [0-9a-fA-F]+ ;
INT      : DIGITS ;
ID       : [A-Za-z_] [A-Za-z0-9_]* ;

// Escapes: \" \\ \{ \} \n \t; '{EXPR}' interpolates (the builder splits the text).
STRING              : '"' (~["\\\r\n] | '\\' ~[\r\n])* '"' ;
UNTERMINATED_STRING : '"' (~["\\\r\n] | '\\' ~[\r\n])* '\\'? ;

// Whitespace and comments are dropped, not kept as hidden tokens: adjacency checks use character
// offsets, and a large description then holds half as many tokens in memory.
LINE_COMMENT         : '//' ~[\r\n]* -> skip ;
// Written without a non-greedy loop so that the unterminated form below can never match '*/'.
BLOCK_COMMENT        : '/*' (~'*' | '*'+ ~[*/])* '*'+ '/' -> skip ;
UNTERMINATED_COMMENT : '/*' (~'*' | '*'+ ~[*/])* '*'* EOF ;
WS                   : [ \t\r\n\f]+ -> skip ;

// Anything else; reported by the token pre-scan, then hidden from the parser.
BAD_CHAR : . ;

fragment DIGITS  : [0-9]+ ;
fragment HEXBYTE : [0-9a-fA-F] [0-9a-fA-F] ;
