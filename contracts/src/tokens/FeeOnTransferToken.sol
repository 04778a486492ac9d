// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title FeeOnTransferToken
/// @notice Devnet screening case: every transfer (not mint or burn) burns `taxBps` of the amount, as taxed
///         "reflection" tokens do, so a recipient gets less than was sent and AMM math that assumes the full amount
///         arrives is wrong.
contract FeeOnTransferToken is ERC20, Ownable {
    /// @notice Share of each transfer burned, in basis points.
    uint256 public immutable taxBps;

    constructor(string memory name_, string memory symbol_, uint256 taxBps_, address owner_) ERC20(name_, symbol_) Ownable(owner_) {
        require(taxBps_ < 10_000, "tax");
        taxBps = taxBps_;
    }

    /// @notice Mints `amount` to `to`. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from == address(0) || to == address(0)) return super._update(from, to, value);
        uint256 tax = (value * taxBps) / 10_000;
        super._update(from, address(0), tax);
        super._update(from, to, value - tax);
    }
}
