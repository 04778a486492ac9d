// SPDX-License-Identifier: MIT
pragma solidity 0.8.26;

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {Ownable} from "@openzeppelin/contracts/access/Ownable.sol";

/// @title SenderRestrictedToken
/// @notice Devnet screening case, the "honeypot": transfers revert unless the sender is allowed by the owner. Its
///         pools can be bought from (the pool is allowed to send) but a buyer can never sell, so a route through it
///         strands the tokens.
contract SenderRestrictedToken is ERC20, Ownable {
    /// @notice Senders whose transfers go through.
    mapping(address => bool) public allowedSender;

    /// @notice `from` may not transfer.
    error SenderNotAllowed(address from);

    constructor(string memory name_, string memory symbol_, address owner_) ERC20(name_, symbol_) Ownable(owner_) {
        allowedSender[owner_] = true;
    }

    /// @notice Mints `amount` to `to`. Owner only.
    function mint(address to, uint256 amount) external onlyOwner {
        _mint(to, amount);
    }

    /// @notice Allows or forbids transfers from `sender`. Owner only.
    function setAllowedSender(address sender, bool allowed) external onlyOwner {
        allowedSender[sender] = allowed;
    }

    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && !allowedSender[from]) revert SenderNotAllowed(from);
        super._update(from, to, value);
    }
}
