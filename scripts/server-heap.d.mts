export declare const HEAP_MB: number;
